#include "service/public_report.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/strings.h"

namespace civharm::service {
namespace {

using analytics::Dimension;
using nlohmann::json;

// The words of a public report in one language.
struct Words {
  const char* language;
  const char* title;
  const char* subtitle;  // release {version} of {date}: {incidents} incidents
  const char* generated;
  const char* summary;
  const char* incidents;
  const char* killed;
  const char* injured;
  const char* range;       // "range {}–{}"
  const char* suppressed;  // counts 1..k-1: "{k-1}", "<{k}"
  std::array<const char*, 2> trend;  // per month, per year
  std::array<const char*, 2> period;  // the column: month, year
  const char* killed_range;
  const char* unknown;
  const char* more_rows;  // "{} more rows in the workbook (XLSX)"
  // By perpetrator, weapon, country, area, status, age group, sex; and their key columns.
  std::array<const char*, 7> by;
  std::array<const char*, 7> key;
  const char* map;
  const char* map_note;
  const char* open;
  const char* open_note;  // "as of {date}"
  std::array<const char*, 3> stages;  // assessment, investigation, response
  const char* stage;
  const char* open_count;
  std::array<const char*, 5> ages;
  const char* median_days;
  const char* oldest_days;
  const char* methodology;
  const char* about;
  const char* fields;
  const char* dates;
  std::array<const char*, 2> date_precision;  // day, month
  const char* threshold;
  const char* hash;
  const char* check;
};

constexpr std::array<Words, 3> kWords = {{
    {"en", "Civilian harm: public report", "Release {} of {}: {} incidents", "Generated",
     "Summary", "Incidents", "Civilians killed (best)", "Civilians injured (best)",
     "range {}–{}",
     "Counts from 1 to {} are shown as {} so that no incident or person can be singled out; "
     "charts leave them out.",
     {"Civilians killed per month", "Civilians killed per year"}, {"Month", "Year"},
     "Civilians killed (range)", "unknown", "{} more rows in the workbook (XLSX)",
     {"Incidents by perpetrator", "Incidents by weapon", "Incidents by country",
      "Incidents by area (admin 1)", "Incidents by assessment status",
      "Civilian casualties by age group", "Civilian casualties by sex"},
     {"Perpetrator", "Weapon", "Country", "Area", "Status", "Age group", "Sex"},
     "Where incidents happened",
     "Clusters of incidents at their published, coarsened coordinates; the circle's area follows "
     "the number of incidents.",
     "Open assessments", "Incidents still being handled on {}, by how long they had waited.",
     {"Waiting for assessment", "Under investigation", "Waiting for a response"}, "Stage", "Open",
     {"0–7 days", "8–30 days", "31–90 days", "91–365 days", "over 365 days"}, "Median days",
     "Oldest (days)", "Methodology", "About this release", "Published fields", "Dates",
     {"to the day", "to the month"}, "Suppressed below", "Content hash (BLAKE2b-256)",
     "Anyone can download this release's data in CSV (with HXL hashtags), JSON, GeoJSON or XLSX "
     "and compare it with this hash; the publisher can rebuild it from the audit log."},
    {"fr", "Dommages aux civils : rapport public", "Publication {} du {} : {} incidents",
     "Produit le", "Résumé", "Incidents", "Civils tués (meilleure estimation)",
     "Civils blessés (meilleure estimation)", "fourchette {}–{}",
     "Les effectifs de 1 à {} sont notés {} afin qu'aucun incident ni aucune personne ne puisse "
     "être identifié ; les graphiques les omettent.",
     {"Civils tués par mois", "Civils tués par an"}, {"Mois", "Année"},
     "Civils tués (fourchette)", "inconnu", "{} lignes de plus dans le classeur (XLSX)",
     {"Incidents par auteur", "Incidents par arme", "Incidents par pays",
      "Incidents par zone (niveau 1)", "Incidents par statut d'évaluation",
      "Victimes civiles par âge", "Victimes civiles par sexe"},
     {"Auteur", "Arme", "Pays", "Zone", "Statut", "Âge", "Sexe"}, "Lieux des incidents",
     "Groupes d'incidents à leurs coordonnées publiées, arrondies ; l'aire du cercle suit le "
     "nombre d'incidents.",
     "Évaluations en cours", "Incidents encore en traitement le {}, selon leur attente.",
     {"En attente d'évaluation", "En cours d'enquête", "En attente de réponse"}, "Étape",
     "En cours", {"0–7 jours", "8–30 jours", "31–90 jours", "91–365 jours", "plus de 365 jours"},
     "Jours (médiane)", "Plus ancien (jours)", "Méthodologie", "À propos de cette publication",
     "Champs publiés", "Dates", {"au jour près", "au mois près"}, "Seuil de suppression",
     "Empreinte du contenu (BLAKE2b-256)",
     "Chacun peut télécharger les données de cette publication en CSV (avec balises HXL), JSON, "
     "GeoJSON ou XLSX et les comparer à cette empreinte ; l'éditeur peut la reconstruire à partir "
     "du journal d'audit."},
    {"ar", "الأضرار اللاحقة بالمدنيين: تقرير علني", "الإصدار {} بتاريخ {}: {} حادثة",
     "أُعدّ في", "ملخص", "الحوادث", "المدنيون القتلى (أفضل تقدير)",
     "المدنيون الجرحى (أفضل تقدير)", "النطاق {}–{}",
     "الأعداد من 1 إلى {} تظهر بصيغة {} كي لا يمكن تمييز أي حادثة أو شخص؛ ولا تظهر في الرسوم "
     "البيانية.",
     {"المدنيون القتلى في كل شهر", "المدنيون القتلى في كل سنة"}, {"الشهر", "السنة"},
     "المدنيون القتلى (النطاق)", "غير معروف", "{} صفوف أخرى في المصنف (XLSX)",
     {"الحوادث حسب الجهة الفاعلة", "الحوادث حسب السلاح", "الحوادث حسب البلد",
      "الحوادث حسب المنطقة", "الحوادث حسب حالة التقييم", "الضحايا المدنيون حسب الفئة العمرية",
      "الضحايا المدنيون حسب الجنس"},
     {"الجهة الفاعلة", "السلاح", "البلد", "المنطقة", "الحالة", "الفئة العمرية", "الجنس"},
     "أماكن وقوع الحوادث",
     "مجموعات الحوادث في إحداثياتها المنشورة بعد تقريبها؛ مساحة الدائرة تتبع عدد الحوادث.",
     "التقييمات الجارية", "الحوادث التي ما زالت قيد المعالجة في {}، حسب مدة انتظارها.",
     {"بانتظار التقييم", "قيد التحقيق", "بانتظار الاستجابة"}, "المرحلة", "المفتوحة",
     {"0–7 أيام", "8–30 يوماً", "31–90 يوماً", "91–365 يوماً", "أكثر من 365 يوماً"},
     "الأيام (الوسيط)", "الأقدم (أيام)", "المنهجية", "عن هذا الإصدار", "الحقول المنشورة",
     "التواريخ", {"باليوم", "بالشهر"}, "حد الحجب", "بصمة المحتوى (BLAKE2b-256)",
     "يمكن لأي شخص تنزيل بيانات هذا الإصدار بصيغ CSV (مع وسوم HXL) وJSON وGeoJSON وXLSX "
     "ومقارنتها بهذه البصمة؛ ويمكن للناشر إعادة بنائه من سجل التدقيق."},
}};

// ---- published counts: a number, or "<k" when suppressed ---------------------------------------

std::string Text(const json& count) {
  if (count.is_string()) return count.get<std::string>();
  if (count.is_number_integer()) return std::to_string(count.get<int64_t>());
  return "–";
}

io::TableCell Cell(const json& count) {
  if (count.is_string()) return count.get<std::string>();
  if (count.is_number_integer()) return count.get<int64_t>();
  return std::monostate{};
}

// A figure ({"min", "best", "max"}) of a row, or null when the release gives none.
const json& FigureOf(const json& row, const char* name) {
  static const json kNull;
  const auto it = row.find(name);
  return it == row.end() ? kNull : *it;
}
const json& Part(const json& figure, const char* part) {
  static const json kNull;
  return figure.is_object() ? figure.at(part) : kNull;
}

// "3–12" (a table's range column); "range 3–12" under a headline figure.
std::string RangeCell(const json& figure) {
  if (!figure.is_object()) return "–";
  return fmt::format("{}–{}", Text(figure.at("min")), Text(figure.at("max")));
}
std::string RangeText(const Words& w, const json& figure) {
  if (!figure.is_object()) return "";
  return fmt::format(fmt::runtime(w.range), Text(figure.at("min")), Text(figure.at("max")));
}

// The three columns of a figure in a workbook sheet.
void AddFigureCells(const json& figure, std::vector<io::TableCell>& row) {
  for (const char* part : {"min", "best", "max"}) row.push_back(Cell(Part(figure, part)));
}

// The row's incidents, for ordering: suppressed counts sort below every shown one.
int64_t Shown(const json& count) {
  return count.is_number_integer() ? count.get<int64_t>() : -1;
}

std::string Key(const Words& w, const json& key) {
  const std::string k = key.get<std::string>();
  return k.empty() ? w.unknown : k;
}

// ---- the sections -----------------------------------------------------------------------------

void AddSummary(const Words& w, const Release& r, const json& total, report::Document& doc) {
  doc.blocks.push_back(report::Heading{.text = w.summary});
  const json& killed = FigureOf(total, "civilians_killed");
  const json& injured = FigureOf(total, "civilians_injured");
  doc.blocks.push_back(report::KeyFigures{{{w.incidents, Text(total.at("incidents")), ""},
                                           {w.killed, Text(Part(killed, "best")),
                                            RangeText(w, killed)},
                                           {w.injured, Text(Part(injured, "best")),
                                            RangeText(w, injured)}}});
  const int64_t k = r.rules.suppression_threshold;
  if (k > 1) {
    doc.blocks.push_back(report::Paragraph{
        .text = fmt::format(fmt::runtime(w.suppressed), k - 1, fmt::format("<{}", k))});
  }
}

// Civilians killed per month (per year over more than three years): the best figure as a line,
// the range as a band, a suppressed or unknown period as a gap; then the same as a table.
Status AddTrend(const Words& w, ReleaseService& releases, const Release& r,
                report::Document& doc, std::vector<io::TableSheet>& tables, json& total) {
  CIVHARM_ASSIGN_OR_RETURN(json trend,
                           releases.PublicTrend(r.version, {.interval = analytics::Interval::kMonth}));
  size_t by_year = 0;
  if (trend.at("groups").size() > 36) {
    CIVHARM_ASSIGN_OR_RETURN(
        trend, releases.PublicTrend(r.version, {.interval = analytics::Interval::kYear}));
    by_year = 1;
  }
  total = trend.at("total");
  report::LineChart chart{.caption = w.trend[by_year], .x_label = w.period[by_year],
                          .y_label = w.killed};
  report::LineSeries series{.name = w.killed};
  report::Table table{.columns = {{w.period[by_year]},
                                  {w.incidents, report::Alignment::kNumeric},
                                  {w.killed, report::Alignment::kNumeric},
                                  {w.killed_range, report::Alignment::kNumeric},
                                  {w.injured, report::Alignment::kNumeric}}};
  io::TableSheet sheet{.name = w.trend[by_year],
                       .columns = {"period", "incidents", "civilians_killed_min",
                                   "civilians_killed_best", "civilians_killed_max",
                                   "civilians_injured_min", "civilians_injured_best",
                                   "civilians_injured_max"}};
  for (const json& g : trend.at("groups")) {
    const std::string period = g.at("period").get<std::string>();
    const json& killed = FigureOf(g, "civilians_killed");
    const json& injured = FigureOf(g, "civilians_injured");
    chart.x_labels.push_back(period);
    const bool whole = killed.is_object() && killed.at("min").is_number_integer() &&
                       killed.at("best").is_number_integer() &&
                       killed.at("max").is_number_integer();
    series.points.push_back(whole ? std::optional(report::Estimate{
                                        killed.at("min").get<double>(),
                                        killed.at("best").get<double>(),
                                        killed.at("max").get<double>()})
                                  : std::nullopt);
    table.rows.push_back({period, Text(g.at("incidents")), Text(Part(killed, "best")),
                          RangeCell(killed), Text(Part(injured, "best"))});
    std::vector<io::TableCell> row = {period, Cell(g.at("incidents"))};
    AddFigureCells(killed, row);
    AddFigureCells(injured, row);
    sheet.rows.push_back(std::move(row));
  }
  if (!chart.x_labels.empty()) {
    doc.blocks.push_back(report::Heading{.level = 2, .text = w.trend[by_year]});
    chart.series.push_back(std::move(series));
    doc.blocks.push_back(std::move(chart));
    doc.blocks.push_back(std::move(table));
  }
  tables.push_back(std::move(sheet));
  return Status::Ok();
}

// One breakdown: the largest shown rows in the document (suppressed ones after them, by key), every
// row in the workbook in the release's own order.
Status AddBreakdown(const Words& w, ReleaseService& releases, const Release& r, Dimension by,
                    size_t which, report::Document& doc, std::vector<io::TableSheet>& tables) {
  constexpr size_t kRows = 12;
  CIVHARM_ASSIGN_OR_RETURN(const json b, releases.PublicBreakdown(r.version, by));
  const json& rows = b.at("rows");
  if (rows.empty()) return Status::Ok();
  io::TableSheet sheet{.name = w.by[which],
                       .columns = {"key", "incidents", "civilians_killed_min",
                                   "civilians_killed_best", "civilians_killed_max",
                                   "civilians_injured_min", "civilians_injured_best",
                                   "civilians_injured_max"}};
  std::vector<const json*> order;
  for (const json& row : rows) {
    order.push_back(&row);
    std::vector<io::TableCell> cells = {row.at("key").get<std::string>(),
                                        Cell(row.at("incidents"))};
    AddFigureCells(FigureOf(row, "civilians_killed"), cells);
    AddFigureCells(FigureOf(row, "civilians_injured"), cells);
    sheet.rows.push_back(std::move(cells));
  }
  std::stable_sort(order.begin(), order.end(), [](const json* a, const json* b) {
    return Shown(a->at("incidents")) > Shown(b->at("incidents"));
  });
  report::Table table{.columns = {{w.key[which]},
                                  {w.incidents, report::Alignment::kNumeric},
                                  {w.killed, report::Alignment::kNumeric},
                                  {w.killed_range, report::Alignment::kNumeric},
                                  {w.injured, report::Alignment::kNumeric}}};
  for (size_t i = 0; i < order.size() && i < kRows; ++i) {
    const json& row = *order[i];
    const json& killed = FigureOf(row, "civilians_killed");
    table.rows.push_back({Key(w, row.at("key")), Text(row.at("incidents")),
                          Text(Part(killed, "best")), RangeCell(killed),
                          Text(Part(FigureOf(row, "civilians_injured"), "best"))});
  }
  if (order.size() > kRows) {
    table.footnote = fmt::format(fmt::runtime(w.more_rows), order.size() - kRows);
  }
  doc.blocks.push_back(report::Heading{.level = 2, .text = w.by[which]});
  doc.blocks.push_back(std::move(table));
  tables.push_back(std::move(sheet));
  return Status::Ok();
}

// The zoom at which a box `degrees` wide spans a few tiles: clusters a page can show.
int ZoomFor(double degrees) {
  if (degrees <= 0) return 10;
  return std::clamp(static_cast<int>(std::floor(std::log2(360.0 / degrees))) + 2, 0, 10);
}

// Clusters only (the public map never shows single incidents), over the extent of the release's
// points; a suppressed cluster is drawn at the smallest size and labelled "<k".
Status AddMap(const Words& w, ReleaseService& releases, const Release& r,
              report::Document& doc) {
  CIVHARM_ASSIGN_OR_RETURN(const json world, releases.PublicMap(r.version, {}));
  if (world.at("clusters").empty()) return Status::Ok();
  geo::Box extent{.west = 180, .south = 90, .east = -180, .north = -90};
  for (const json& c : world.at("clusters")) {
    const json& e = c.at("extent");
    extent.west = std::min(extent.west, e.at("west").get<double>());
    extent.south = std::min(extent.south, e.at("south").get<double>());
    extent.east = std::max(extent.east, e.at("east").get<double>());
    extent.north = std::max(extent.north, e.at("north").get<double>());
  }
  const double margin =
      std::max({1.0, (extent.east - extent.west) * 0.15, (extent.north - extent.south) * 0.15});
  const report::BoundingBox box{std::max(-180.0, extent.west - margin),
                                std::max(-85.0, extent.south - margin),
                                std::min(180.0, extent.east + margin),
                                std::min(85.0, extent.north + margin)};
  const geo::ClusterOptions options{
      .box = {.west = box.min_lon, .south = box.min_lat, .east = box.max_lon, .north = box.max_lat},
      .zoom = ZoomFor(std::max(box.max_lon - box.min_lon, box.max_lat - box.min_lat))};
  CIVHARM_ASSIGN_OR_RETURN(const json view, releases.PublicMap(r.version, options));
  report::PointMap map{.caption = w.map_note, .bbox = box};
  for (const json& c : view.at("clusters")) {
    const json& count = c.at("count");
    map.points.push_back({.lat = c.at("lat").get<double>(),
                          .lon = c.at("lon").get<double>(),
                          .weight = count.is_number_integer() ? count.get<double>() : 1.0,
                          .label = Text(count)});
  }
  doc.blocks.push_back(report::Heading{.level = 2, .text = w.map});
  doc.blocks.push_back(std::move(map));
  return Status::Ok();
}

void AddOpenAssessments(const Words& w, const Release& r, report::Document& doc,
                        std::vector<io::TableSheet>& tables) {
  const json open =
      civharm::PublicOpenAssessments(r.open_assessments, r.rules.suppression_threshold);
  report::Table table{.columns = {{w.stage}, {w.open_count, report::Alignment::kNumeric}}};
  io::TableSheet sheet{.name = w.open, .columns = {"stage", "open"}};
  const auto buckets = OpenAgeBucketNames();
  for (size_t i = 0; i < buckets.size(); ++i) {
    table.columns.push_back({w.ages[i], report::Alignment::kNumeric});
    sheet.columns.push_back("days_" + buckets[i]);
  }
  table.columns.push_back({w.median_days, report::Alignment::kNumeric});
  table.columns.push_back({w.oldest_days, report::Alignment::kNumeric});
  sheet.columns.insert(sheet.columns.end(), {"median_age_days", "oldest_age_days"});
  constexpr std::array<std::string_view, 3> kStages = {"assessment", "investigation", "response"};
  for (const json& s : open.at("stages")) {
    const std::string stage = s.at("stage").get<std::string>();
    const auto known = std::find(kStages.begin(), kStages.end(), stage);
    std::vector<std::string> cells = {
        known == kStages.end() ? stage : w.stages[static_cast<size_t>(known - kStages.begin())],
        Text(s.at("open"))};
    std::vector<io::TableCell> sheet_row = {stage, Cell(s.at("open"))};
    for (const std::string& b : buckets) {
      cells.push_back(Text(s.at("by_age_days").at(b)));
      sheet_row.push_back(Cell(s.at("by_age_days").at(b)));
    }
    for (const char* age : {"median_age_days", "oldest_age_days"}) {
      const json value = s.value(age, json());
      cells.push_back(Text(value));
      sheet_row.push_back(Cell(value));
    }
    table.rows.push_back(std::move(cells));
    sheet.rows.push_back(std::move(sheet_row));
  }
  doc.blocks.push_back(report::Heading{.text = w.open});
  doc.blocks.push_back(report::Paragraph{
      .text = fmt::format(fmt::runtime(w.open_note), r.open_assessments.as_of.ToString())});
  if (!table.rows.empty()) doc.blocks.push_back(std::move(table));
  tables.push_back(std::move(sheet));
}

// The release's methodology (Markdown) as headings and paragraphs: "#" lines become headings
// below the section's, blank lines end paragraphs, list items keep their own lines. Other markup
// is left as written (the renderers show text as text).
void AddMethodology(const Words& w, const std::string& markdown, report::Document& doc) {
  doc.blocks.push_back(report::Heading{.text = w.methodology});
  std::string paragraph;
  const auto flush = [&] {
    if (!paragraph.empty()) doc.blocks.push_back(report::Paragraph{.text = paragraph});
    paragraph.clear();
  };
  for (std::string_view line : Split(markdown, '\n')) {
    line = Trim(line);
    if (line.empty()) {
      flush();
    } else if (line.starts_with('#')) {
      flush();
      const size_t level = line.find_first_not_of('#');
      if (level == std::string_view::npos) continue;
      const std::string text(Trim(line.substr(level)));
      if (!text.empty()) {
        doc.blocks.push_back(
            report::Heading{.level = std::min(3, static_cast<int>(level) + 1), .text = text});
      }
    } else if (line.starts_with("- ") || line.starts_with("* ")) {
      if (!paragraph.empty()) paragraph += '\n';
      paragraph += "• ";
      paragraph += line.substr(2);
    } else {
      if (!paragraph.empty()) paragraph += paragraph.ends_with('\n') ? "" : " ";
      paragraph += line;
    }
  }
  flush();
}

void AddAbout(const Words& w, const Release& r, report::Document& doc) {
  std::vector<std::string> fields;
  for (ReleaseField f : r.rules.fields) fields.emplace_back(EnumName(f));
  doc.blocks.push_back(report::Heading{.text = w.about});
  doc.blocks.push_back(report::Table{
      .columns = {{""}, {""}},
      .rows = {{w.fields, fmt::format("{}", fmt::join(fields, ", "))},
               {w.dates, w.date_precision[r.rules.dates == DateRelease::kMonth ? 1 : 0]},
               {w.threshold, std::to_string(r.rules.suppression_threshold)},
               {w.hash, r.content_hash}},
      .footnote = w.check});
}

}  // namespace

Result<PublicReport> BuildPublicReport(ReleaseService& releases,
                                       const PublicReportRequest& request) {
  CIVHARM_ASSIGN_OR_RETURN(const Words* w, WordsFor(kWords, request.language));
  PublicReport out;
  if (request.version == 0) {
    CIVHARM_ASSIGN_OR_RETURN(out.release, releases.LatestPublicRelease());
  } else {
    CIVHARM_ASSIGN_OR_RETURN(out.release, releases.PublicRelease(request.version));
  }
  const Release& r = out.release;
  report::Document& doc = out.document;
  doc.language = request.language;
  doc.title = w->title;
  doc.subtitle = fmt::format(fmt::runtime(w->subtitle), r.version, r.built_on.ToString(),
                             Text(ShownCount(r.incidents, r.rules.suppression_threshold)));
  doc.generated_at = ReportTime(w->generated);

  json total;
  report::Document body;  // the trend goes after the summary, which needs its total
  CIVHARM_RETURN_IF_ERROR(AddTrend(*w, releases, r, body, out.tables, total));
  AddSummary(*w, r, total, doc);
  std::move(body.blocks.begin(), body.blocks.end(), std::back_inserter(doc.blocks));

  constexpr std::array<Dimension, 7> kBy = {Dimension::kPerpetrator, Dimension::kWeapon,
                                            Dimension::kCountry,     Dimension::kAdmin1,
                                            Dimension::kStatus,      Dimension::kAgeGroup,
                                            Dimension::kSex};
  for (size_t i = 0; i < kBy.size(); ++i) {
    if (!Publishes(r.rules, kBy[i])) continue;
    CIVHARM_RETURN_IF_ERROR(AddBreakdown(*w, releases, r, kBy[i], i, doc, out.tables));
  }
  if (r.rules.Releases(ReleaseField::kCoordinates)) {
    CIVHARM_RETURN_IF_ERROR(AddMap(*w, releases, r, doc));
  }
  AddOpenAssessments(*w, r, doc, out.tables);
  if (!r.rules.methodology.empty()) AddMethodology(*w, r.rules.methodology, doc);
  AddAbout(*w, r, doc);
  return out;
}

}  // namespace civharm::service
