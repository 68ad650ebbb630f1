// The renderers seen from outside: the HTML as text, the PDF through poppler's tools (pdfinfo,
// pdftotext, pdftoppm from poppler-utils), as a reader or a search engine would see them.
#include "report/report.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"

namespace civharm::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

BarChart KilledByMonth() {
  return {.caption = "Civilians killed by month",
          .x_label = "Month",
          .y_label = "Killed",
          .categories = {"2024-01", "2024-02", "2024-03"},
          .series = {{.name = "Airwars", .values = {7, std::nullopt, 12.5}},
                     {.name = "Own force", .values = {3, 5, 0}}}};
}

LineChart CasualtiesOverTime() {
  return {.caption = "Casualties over time",
          .x_labels = {"2024-01", "2024-02", "2024-03"},
          .series = {{.name = "Killed",
                      .points = {Estimate{1, 2, 3}, std::nullopt, Estimate{0.5, 4.25, 10}}}}};
}

PointMap Incidents() {
  return {.caption = "Incidents",
          .points = {{.lat = 35.93, .lon = 36.63, .weight = 4, .label = "Idlib"},
                     {.lat = 35.76, .lon = 36.56, .weight = 1, .label = "al-Rami"}}};
}

Document WithBlocks(std::vector<Block> blocks, std::string language = "en") {
  return {.title = "Monthly report", .language = std::move(language), .blocks = std::move(blocks)};
}

std::string Html(const Document& d) {
  std::ostringstream out;
  const Status s = RenderHtml(d, out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.str();
}

// The <figure> of the i-th chart of a page.
std::string ChartFigure(const std::string& html, size_t i) {
  size_t at = 0;
  for (size_t n = 0; n <= i; ++n) {
    at = html.find("<figure class=\"chart\">", n == 0 ? 0 : at + 1);
    if (at == std::string::npos) return {};
  }
  return html.substr(at, html.find("</figure>", at) - at);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The x of the SVG text element that says `text`.
double TextX(const std::string& svg, const std::string& text) {
  std::smatch m;
  const std::regex re("<text x=\"([-0-9.]+)\"[^>]*>" + text + "</text>");
  if (std::regex_search(svg, m, re)) return std::stod(m[1]);
  ADD_FAILURE() << "no text " << text;
  return 0;
}

TEST(HtmlReportTest, EscapesEveryText) {
  Document d = WithBlocks(
      {Paragraph{.text = "a < b & \"c\""},
       Table{.columns = {{.label = "<th>"}}, .rows = {{"<td>'"}}},
       BarChart{.categories = {"<b>cat</b>"}, .series = {{.name = "s&s", .values = {1}}}}});
  d.title = "<script>alert('x')</script>";
  d.language = "en";
  const std::string html = Html(d);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>"));
  EXPECT_THAT(html, HasSubstr("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>"));
  EXPECT_THAT(html, HasSubstr("<p>a &lt; b &amp; &quot;c&quot;</p>"));
  EXPECT_THAT(html, HasSubstr("&lt;th&gt;</th>"));
  EXPECT_THAT(html, HasSubstr("<td>&lt;td&gt;&#39;</td>"));
  EXPECT_THAT(html, HasSubstr(">&lt;b&gt;cat&lt;/b&gt;</text>"));   // in the SVG
  EXPECT_THAT(html, HasSubstr("<td>&lt;b&gt;cat&lt;/b&gt;</td>"));  // in its data table
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
}

TEST(HtmlReportTest, IsOneFileWithoutScriptsOrExternalResources) {
  const std::string html = Html(WithBlocks({KilledByMonth(), CasualtiesOverTime(), Incidents()}));
  EXPECT_THAT(html, HasSubstr("<style>"));
  EXPECT_THAT(html, HasSubstr("default-src 'none'"));
  for (const char* outside :
       {"<script", "<link", "<img", "src=", "href=", "url(", "http:", "https:"}) {
    EXPECT_THAT(html, Not(HasSubstr(outside)));
  }
  EXPECT_EQ(Count(html, "<svg class=\"chart\""), 3u);
}

TEST(HtmlReportTest, SetsTheLanguageAndItsDirection) {
  EXPECT_THAT(Html(WithBlocks({}, "ar")), HasSubstr("<html lang=\"ar\" dir=\"rtl\">"));
  EXPECT_THAT(Html(WithBlocks({}, "fr")), HasSubstr("<html lang=\"fr\" dir=\"ltr\">"));
  Document given = WithBlocks({}, "ar");
  given.direction = Direction::kLtr;
  EXPECT_THAT(Html(given), HasSubstr("<html lang=\"ar\" dir=\"ltr\">"));
}

TEST(HtmlReportTest, GivesEachChartATableOfItsExactNumbers) {
  Document d = WithBlocks({KilledByMonth(), CasualtiesOverTime(), Incidents()});
  d.labels.data = "Numbers";
  const std::string html = Html(d);

  const std::string bars = ChartFigure(html, 0);
  EXPECT_THAT(bars, HasSubstr("<figcaption>Civilians killed by month</figcaption><svg"));
  EXPECT_THAT(bars, HasSubstr("<details><summary>Numbers</summary><table>"));
  EXPECT_THAT(bars,
              HasSubstr(R"(<th scope="col">Month</th><th scope="col" class="num">Airwars</th>)"
                        R"(<th scope="col" class="num">Own force</th>)"));
  EXPECT_THAT(
      bars, HasSubstr(R"(<tr><td>2024-01</td><td class="num">7</td><td class="num">3</td></tr>)"));
  // A missing value is an empty cell; zero is zero.
  EXPECT_THAT(bars,
              HasSubstr(R"(<tr><td>2024-02</td><td class="num"></td><td class="num">5</td></tr>)"));
  EXPECT_THAT(
      bars,
      HasSubstr(R"(<tr><td>2024-03</td><td class="num">12.5</td><td class="num">0</td></tr>)"));

  const std::string line = ChartFigure(html, 1);
  EXPECT_THAT(line, HasSubstr(R"(<th scope="col" class="num">Killed (min)</th>)"
                              R"(<th scope="col" class="num">Killed (best)</th>)"
                              R"(<th scope="col" class="num">Killed (max)</th>)"));
  EXPECT_THAT(line, HasSubstr(R"(<tr><td>2024-01</td><td class="num">1</td><td class="num">2</td>)"
                              R"(<td class="num">3</td></tr>)"));
  EXPECT_THAT(line,
              HasSubstr(R"(<tr><td>2024-03</td><td class="num">0.5</td><td class="num">4.25</td>)"
                        R"(<td class="num">10</td></tr>)"));

  const std::string map = ChartFigure(html, 2);
  EXPECT_THAT(map,
              HasSubstr(R"(<tr><td>Idlib</td><td class="num">35.93</td><td class="num">36.63</td>)"
                        R"(<td class="num">4</td></tr>)"));
  EXPECT_THAT(map, HasSubstr(R"(<tr><td>al-Rami</td><td class="num">35.76</td>)"));
}

TEST(HtmlReportTest, DrawsAMissingBarAsAGapAndAZeroAsABar) {
  auto bars = [](std::optional<double> second) {
    const std::string html = Html(WithBlocks(
        {BarChart{.categories = {"a", "b", "c"}, .series = {{.values = {5, second, 2}}}}}));
    return Count(html,
                 "fill=\"#0072b2\"");  // the first series' colour; no legend for one unnamed series
  };
  EXPECT_EQ(bars(std::nullopt), 2u);
  EXPECT_EQ(bars(0), 3u);
}

TEST(HtmlReportTest, BreaksTheLineAndItsBandWhereAPointIsMissing) {
  const Estimate e{1, 2, 3};
  LineChart chart{.x_labels = {"1", "2", "3", "4", "5"},
                  .series = {{.points = {e, e, std::nullopt, e, e}}}};
  const std::string html = Html(WithBlocks({chart}));
  EXPECT_EQ(Count(html, "fill-opacity=\"0.2\""), 2u);  // two bands
  EXPECT_EQ(Count(html, "stroke=\"#0072b2\""), 2u);    // two lines
  chart.series[0].points[2] = e;
  EXPECT_EQ(Count(Html(WithBlocks({chart})), "fill-opacity=\"0.2\""), 1u);
}

TEST(HtmlReportTest, RunsCategoriesRightToLeftInRightToLeftDocuments) {
  const std::string ltr = ChartFigure(Html(WithBlocks({KilledByMonth()}, "en")), 0);
  const std::string rtl = ChartFigure(Html(WithBlocks({KilledByMonth()}, "ar")), 0);
  EXPECT_LT(TextX(ltr, "2024-01"), TextX(ltr, "2024-03"));
  EXPECT_GT(TextX(rtl, "2024-01"), TextX(rtl, "2024-03"));
  // The value axis moves to the right.
  EXPECT_LT(TextX(ltr, "12.5"), TextX(ltr, "2024-01"));
  EXPECT_GT(TextX(rtl, "12.5"), TextX(rtl, "2024-01"));
}

TEST(HtmlReportTest, MapCircleAreasAreProportionalToWeightsAndInsideTheMap) {
  const std::string svg = ChartFigure(Html(WithBlocks({Incidents()})), 0);
  const std::regex circle(R"re(<circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="([-0-9.]+)")re");
  std::vector<double> radii;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle); it != std::sregex_iterator();
       ++it) {
    const double cx = std::stod((*it)[1]), cy = std::stod((*it)[2]);
    EXPECT_TRUE(cx > 0 && cx < 640 && cy > 0 && cy < 640) << cx << "," << cy;
    radii.push_back(std::stod((*it)[3]));
  }
  ASSERT_EQ(radii.size(), 3u);  // the two points and the key's circle
  std::sort(radii.begin(), radii.end());
  EXPECT_NEAR(radii[1], 2 * radii[0], 0.02);  // weight 4 against weight 1: twice the radius
  EXPECT_EQ(radii[2], radii[1]);
}

TEST(HtmlReportTest, LabelsTheGraticuleAtTheScaleOfTheMap) {
  const std::string local = Html(WithBlocks({Incidents()}));
  EXPECT_THAT(local, HasSubstr(">\u200e35.90°N</text>"));
  EXPECT_THAT(local, HasSubstr(">\u200e36.55°E</text>"));
  PointMap world{.points = {{.lat = 10, .lon = 10}}, .bbox = BoundingBox{-180, -90, 180, 90}};
  const std::string html = Html(WithBlocks({world}));
  EXPECT_THAT(html, HasSubstr("90°W</text>"));
  EXPECT_THAT(html, HasSubstr(">\u200e0°</text>"));
}

TEST(ReportTest, RefusesAnInvalidDocumentAndWritesNothing) {
  BarChart bad = KilledByMonth();
  bad.series[1].values.push_back(1);
  const Document d = WithBlocks({Paragraph{.text = "x"}, bad});
  for (auto render : {RenderHtml, RenderPdf}) {
    std::ostringstream out;
    const Status s = render(d, out);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.ToString(),
              "invalid_argument: blocks[1].series[1].values: 4 values for 3 categories");
    EXPECT_EQ(out.str(), "");
  }
}

// PDF output, read back with poppler-utils.
class PdfReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdfinfo", "pdftotext", "pdftoppm"}) {
      if (std::system(fmt::format("command -v {} >/dev/null 2>&1", tool).c_str()) != 0) {
        FAIL() << tool << " is missing: install poppler-utils (scripts/deps installs it)";
      }
    }
  }

  // Writes the document's PDF into the test's folder; returns its path.
  std::string WritePdf(const Document& d, const std::string& name = "report.pdf") {
    const std::string path = dir_.File(name);
    std::ofstream out(path, std::ios::binary);
    const Status s = RenderPdf(d, out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return path;
  }

  // The standard output of a shell command that must succeed.
  static std::string Run(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "cannot run " << command;
      return output;
    }
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = ::pclose(pipe);
    EXPECT_EQ(status, 0) << command;
    return output;
  }

  static int Pages(const std::string& pdf) {
    std::smatch m;
    const std::string info = Run(fmt::format("pdfinfo '{}'", pdf));
    return std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")) ? std::stoi(m[1]) : 0;
  }

  static std::string Text(const std::string& pdf, const std::string& options = "") {
    return Run(fmt::format("pdftotext {} '{}' -", options, pdf));
  }

  // A page rendered at 50 dpi in grey levels (PGM, "P5 width height 255" then a byte a pixel).
  struct Gray {
    int width = 0, height = 0;
    std::string pixels;
    // Pixels that are not white between rows y0 and y1.
    size_t Inked(int y0, int y1) const {
      size_t n = 0;
      for (int y = y0; y < y1; ++y) {
        for (int x = 0; x < width; ++x)
          n += static_cast<unsigned char>(pixels[y * width + x]) < 250;
      }
      return n;
    }
  };
  Gray Render(const std::string& pdf, int page) {
    const std::string prefix = dir_.File("gray");
    Run(fmt::format("pdftoppm -r 50 -gray -f {0} -l {0} -singlefile '{1}' '{2}'", page, pdf,
                    prefix));
    std::ifstream in(prefix + ".pgm", std::ios::binary);
    Gray g;
    std::string magic;
    int max = 0;
    in >> magic >> g.width >> g.height >> max;
    in.get();
    g.pixels.assign(std::istreambuf_iterator<char>(in), {});
    EXPECT_EQ(magic, "P5");
    EXPECT_EQ(g.pixels.size(), static_cast<size_t>(g.width) * g.height);
    return g;
  }

  civharm::testing::TempDir dir_;
};

Table IncidentTable(int rows) {
  Table t{.caption = "All incidents",
          .columns = {{.label = "Date"},
                      {.label = "Place"},
                      {.label = "Killed", .alignment = Alignment::kNumeric}}};
  for (int i = 1; i <= rows; ++i) {
    t.rows.push_back({fmt::format("2024-05-{:02}", i % 28 + 1), fmt::format("Row {}", i),
                      std::to_string(i * 7)});
  }
  return t;
}

TEST_F(PdfReportTest, HasTheTitleAndNumbersEveryPageOutOfTheTotal) {
  const std::string pdf = WritePdf(WithBlocks({IncidentTable(200)}));
  const int pages = Pages(pdf);
  ASSERT_GT(pages, 1);
  EXPECT_THAT(Text(pdf, "-f 1 -l 1"), HasSubstr("Monthly report"));
  for (int p = 1; p <= pages; ++p) {
    const std::string text = Text(pdf, fmt::format("-f {0} -l {0}", p));
    EXPECT_TRUE(
        std::regex_search(text, std::regex(fmt::format(R"((^|\n){}\s*/\s*{}\s*\n)", p, pages))))
        << "page " << p << ":\n"
        << text;
  }
}

TEST_F(PdfReportTest, ContinuesALongTableOnNewPagesUnderItsHeader) {
  const std::string pdf = WritePdf(WithBlocks({IncidentTable(200)}));
  const int pages = Pages(pdf);
  EXPECT_GT(pages, 1);
  const std::string text = Text(pdf, "-layout");
  std::smatch m;
  size_t headers = 0, rows = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    headers += std::regex_match(line, std::regex(R"(\s*Date\s+Place\s+Killed\s*)"));
    rows += std::regex_search(line, std::regex(R"(2024-05-\d\d\s+Row \d+\s+\d+)"));
  }
  EXPECT_EQ(headers, static_cast<size_t>(pages));  // the table fills every page
  EXPECT_EQ(rows, 200u);
  EXPECT_THAT(text, HasSubstr("Row 1 "));
  EXPECT_THAT(text, HasSubstr("Row 200 "));
}

// Removes spaces and bidirectional controls. pdftotext puts its own embedding marks around
// right-to-left lines and, with some fonts and sizes, spaces inside Arabic words (its word
// detection reads each joined glyph as a word); neither says anything about the PDF's order.
std::string Letters(const std::string& text) {
  static const std::regex kNoise("\\s|\u200e|\u200f|[\u202a-\u202e]|[\u2066-\u2069]");
  return std::regex_replace(text, kNoise, "");
}

TEST_F(PdfReportTest, KeepsArabicTextInLogicalOrder) {
  // Words without the lam-alef ligature and without vowel marks: poppler reverses the letters of
  // a ligature and moves marks when it extracts right-to-left text, whatever the PDF says.
  const std::string sentence = "وصلت تقارير عن سقوط ضحايا مدنيين في مدينة حلب";
  Document d = WithBlocks({Paragraph{.text = sentence}}, "ar");
  d.title = "تقرير شهري";
  const std::string text = Text(WritePdf(d));
  EXPECT_THAT(Letters(text), HasSubstr(Letters(sentence))) << text;
  EXPECT_THAT(Letters(text), HasSubstr(Letters(d.title)));
}

// Words and their boxes from `pdftotext -bbox`.
struct Word {
  double x_min, x_max;
};
std::map<std::string, Word> Words(const std::string& bbox_html) {
  std::map<std::string, Word> words;
  const std::regex re(
      R"re(<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>)re");
  for (auto it = std::sregex_iterator(bbox_html.begin(), bbox_html.end(), re);
       it != std::sregex_iterator(); ++it) {
    words.emplace((*it)[3], Word{std::stod((*it)[1]), std::stod((*it)[2])});
  }
  return words;
}

TEST_F(PdfReportTest, AlignsTextAndOrdersColumnsByTheDirection) {
  auto layout = [&](const std::string& language) {
    const Table table{.columns = {{.label = "First"},
                                  {.label = "Second"},
                                  {.label = "Count", .alignment = Alignment::kNumeric}},
                      .rows = {{"a", "b", "7"}, {"c", "d", "1204"}}};
    return Words(
        Text(WritePdf(WithBlocks({Heading{.text = "Summary"}, table}, language), language + ".pdf"),
             "-bbox"));
  };
  constexpr double kLeft = 56.7, kRight = 595.276 - 56.7;
  auto ltr = layout("en");
  EXPECT_NEAR(ltr["Summary"].x_min, kLeft, 2);
  EXPECT_LT(ltr["First"].x_min, ltr["Second"].x_min);
  EXPECT_NEAR(ltr["7"].x_max, ltr["1204"].x_max, 0.5);  // numbers right-aligned
  auto rtl = layout("ar");
  EXPECT_NEAR(rtl["Summary"].x_max, kRight, 2);
  EXPECT_GT(rtl["First"].x_min, rtl["Second"].x_min);
  EXPECT_NEAR(rtl["7"].x_max, rtl["1204"].x_max, 0.5);
}

TEST_F(PdfReportTest, RendersEveryPageAsAnA4Image) {
  const std::string pdf =
      WritePdf(WithBlocks({KilledByMonth(), CasualtiesOverTime(), Incidents(), IncidentTable(60)}));
  const int pages = Pages(pdf);
  ASSERT_GE(pages, 2);
  Run(fmt::format("pdftoppm -r 50 -png '{}' '{}'", pdf, dir_.File("page")));
  std::vector<std::filesystem::path> images;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().extension() == ".png") images.push_back(entry.path());
  }
  ASSERT_EQ(images.size(), static_cast<size_t>(pages));
  for (const auto& image : images) {
    std::ifstream in(image, std::ios::binary);
    unsigned char header[24] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    ASSERT_EQ(std::string(reinterpret_cast<char*>(header) + 1, 3), "PNG") << image;
    auto be32 = [&](int at) {
      return (header[at] << 24) | (header[at + 1] << 16) | (header[at + 2] << 8) | header[at + 3];
    };
    // A4 at 50 dpi: 210 × 297 mm is 413.4 × 584.6 pixels.
    EXPECT_NEAR(be32(16), 413, 1) << image;
    EXPECT_NEAR(be32(20), 585, 1) << image;
  }
}

TEST_F(PdfReportTest, DrawsEachChart) {
  // The same page with and without a chart under the title: the chart's area has ink only with it.
  const Gray blank = Render(WritePdf(WithBlocks({}), "blank.pdf"), 1);
  EXPECT_EQ(blank.Inked(100, 240), 0u);
  const std::vector<Block> charts = {KilledByMonth(), CasualtiesOverTime(), Incidents()};
  for (size_t i = 0; i < charts.size(); ++i) {
    const Gray page = Render(WritePdf(WithBlocks({charts[i]}), fmt::format("chart{}.pdf", i)), 1);
    EXPECT_GT(page.Inked(100, 240), static_cast<size_t>(page.width) * 140 / 50)
        << "chart " << i << " leaves its area blank";
  }
}

}  // namespace
}  // namespace civharm::report
