#include "report/document.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "core/problems.h"
#include "core/strings.h"

namespace civharm::report {
namespace {

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiAlnum(char c) {
  return IsAsciiAlpha(c) || (c >= '0' && c <= '9');
}

bool IsLanguageTag(std::string_view tag) {
  const auto subtags = Split(tag, '-');
  const std::string_view primary = subtags.front();
  if (primary.size() < 2 || primary.size() > 8 ||
      !std::all_of(primary.begin(), primary.end(), IsAsciiAlpha)) {
    return false;
  }
  return std::all_of(subtags.begin(), subtags.end(), [](std::string_view s) {
    return !s.empty() && s.size() <= 8 && std::all_of(s.begin(), s.end(), IsAsciiAlnum);
  });
}

enum class Lines { kOne, kMany };

// Checks of one document, collecting every problem with its field path.
class Validator {
 public:
  Status Run(const Document& d) {
    Text("title", d.title, Lines::kOne);
    if (d.title.empty()) problems_.Add("title", "must not be empty");
    Text("subtitle", d.subtitle, Lines::kOne);
    Text("generated_at", d.generated_at, Lines::kOne);
    if (!IsLanguageTag(d.language)) {
      problems_.Add("language", fmt::format("\"{}\" is not a BCP 47 language tag",
                                            IsValidUtf8(d.language) ? d.language : "?"));
    }
    const Labels& l = d.labels;
    for (const auto& [name, text] : {std::pair{"data", &l.data},
                                     {"label", &l.label},
                                     {"latitude", &l.latitude},
                                     {"longitude", &l.longitude},
                                     {"weight", &l.weight},
                                     {"minimum", &l.minimum},
                                     {"best", &l.best},
                                     {"maximum", &l.maximum}}) {
      Text(Path("labels", name), *text, Lines::kOne);
    }
    for (size_t i = 0; i < d.blocks.size(); ++i) {
      const std::string at = Index("blocks", i);
      std::visit([&](const auto& block) { Check(at, block); }, d.blocks[i]);
    }
    return problems_.ToStatus();
  }

 private:
  void Text(const std::string& field, std::string_view text, Lines lines) {
    if (!IsValidUtf8(text)) {
      problems_.Add(field, "is not valid UTF-8");
      return;
    }
    for (const char c : text) {
      const bool allowed = c == '\t' || (c == '\n' && lines == Lines::kMany);
      if ((static_cast<unsigned char>(c) < 0x20 && !allowed) || c == 0x7f) {
        problems_.Add(field, fmt::format("contains the control character U+{:04X}",
                                         static_cast<unsigned char>(c)));
        return;
      }
    }
  }

  void Number(const std::string& field, double v) {
    if (!std::isfinite(v)) problems_.Add(field, "must be a finite number");
  }

  void Count(const std::string& field, size_t n, size_t expected, std::string_view of) {
    if (n != expected) problems_.Add(field, fmt::format("{} values for {} {}", n, expected, of));
  }

  void LonLatIn(const std::string& at, double lon, double lat) {
    if (!(lat >= -90 && lat <= 90)) problems_.Add(Path(at, "lat"), "must be in [-90, 90]");
    if (!(lon >= -180 && lon <= 180)) problems_.Add(Path(at, "lon"), "must be in [-180, 180]");
  }

  void Check(const std::string& at, const Heading& h) {
    if (h.level < 1 || h.level > 3) problems_.Add(Path(at, "level"), "must be 1, 2 or 3");
    Text(Path(at, "text"), h.text, Lines::kOne);
    if (h.text.empty()) problems_.Add(Path(at, "text"), "must not be empty");
  }

  void Check(const std::string& at, const Paragraph& p) {
    Text(Path(at, "text"), p.text, Lines::kMany);
  }

  void Check(const std::string& at, const KeyFigures& k) {
    if (k.figures.empty()) problems_.Add(Path(at, "figures"), "must not be empty");
    for (size_t i = 0; i < k.figures.size(); ++i) {
      const std::string f = Index(Path(at, "figures"), i);
      Text(Path(f, "label"), k.figures[i].label, Lines::kOne);
      Text(Path(f, "value"), k.figures[i].value, Lines::kOne);
      Text(Path(f, "note"), k.figures[i].note, Lines::kOne);
    }
  }

  void Check(const std::string& at, const Table& t) {
    Text(Path(at, "caption"), t.caption, Lines::kOne);
    Text(Path(at, "footnote"), t.footnote, Lines::kMany);
    if (t.columns.empty()) problems_.Add(Path(at, "columns"), "must not be empty");
    for (size_t c = 0; c < t.columns.size(); ++c) {
      Text(Path(Index(Path(at, "columns"), c), "label"), t.columns[c].label, Lines::kOne);
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const std::string row = Index(Path(at, "rows"), r);
      if (t.rows[r].size() != t.columns.size()) {
        problems_.Add(row,
                      fmt::format("{} cells for {} columns", t.rows[r].size(), t.columns.size()));
      }
      for (size_t c = 0; c < t.rows[r].size(); ++c) Text(Index(row, c), t.rows[r][c], Lines::kMany);
    }
  }

  void Check(const std::string& at, const BarChart& b) {
    ChartTexts(at, b.caption, b.x_label, b.y_label, b.categories, "categories");
    if (b.series.empty()) problems_.Add(Path(at, "series"), "must not be empty");
    for (size_t s = 0; s < b.series.size(); ++s) {
      const std::string series = Index(Path(at, "series"), s);
      Text(Path(series, "name"), b.series[s].name, Lines::kOne);
      const std::string values = Path(series, "values");
      Count(values, b.series[s].values.size(), b.categories.size(), "categories");
      for (size_t v = 0; v < b.series[s].values.size(); ++v) {
        if (b.series[s].values[v]) Number(Index(values, v), *b.series[s].values[v]);
      }
    }
  }

  void Check(const std::string& at, const LineChart& l) {
    ChartTexts(at, l.caption, l.x_label, l.y_label, l.x_labels, "x_labels");
    if (l.series.empty()) problems_.Add(Path(at, "series"), "must not be empty");
    for (size_t s = 0; s < l.series.size(); ++s) {
      const std::string series = Index(Path(at, "series"), s);
      Text(Path(series, "name"), l.series[s].name, Lines::kOne);
      const std::string points = Path(series, "points");
      Count(points, l.series[s].points.size(), l.x_labels.size(), "x labels");
      for (size_t p = 0; p < l.series[s].points.size(); ++p) {
        if (!l.series[s].points[p]) continue;
        const Estimate& e = *l.series[s].points[p];
        const std::string point = Index(points, p);
        Number(Path(point, "min"), e.min);
        Number(Path(point, "best"), e.best);
        Number(Path(point, "max"), e.max);
        if (e.min > e.best || e.best > e.max) {
          problems_.Add(
              point, fmt::format("min {} <= best {} <= max {} does not hold", FormatDouble(e.min),
                                 FormatDouble(e.best), FormatDouble(e.max)));
        }
      }
    }
  }

  void Check(const std::string& at, const PointMap& m) {
    Text(Path(at, "caption"), m.caption, Lines::kOne);
    for (size_t i = 0; i < m.points.size(); ++i) {
      const MapPoint& p = m.points[i];
      const std::string point = Index(Path(at, "points"), i);
      LonLatIn(point, p.lon, p.lat);
      if (!(p.weight >= 0) || !std::isfinite(p.weight)) {
        problems_.Add(Path(point, "weight"), "must be a finite number >= 0");
      }
      Text(Path(point, "label"), p.label, Lines::kOne);
    }
    if (m.bbox) {
      const BoundingBox& b = *m.bbox;
      const std::string bbox = Path(at, "bbox");
      LonLatIn(Path(bbox, "min"), b.min_lon, b.min_lat);
      LonLatIn(Path(bbox, "max"), b.max_lon, b.max_lat);
      if (!(b.min_lon < b.max_lon)) problems_.Add(bbox, "min_lon must be less than max_lon");
      if (!(b.min_lat < b.max_lat)) problems_.Add(bbox, "min_lat must be less than max_lat");
    }
    for (size_t o = 0; o < m.outlines.size(); ++o) {
      const std::string outline = Index(Path(at, "outlines"), o);
      for (size_t i = 0; i < m.outlines[o].size(); ++i) {
        LonLatIn(Index(outline, i), m.outlines[o][i].lon, m.outlines[o][i].lat);
      }
    }
  }

  void ChartTexts(const std::string& at, const std::string& caption, const std::string& x_label,
                  const std::string& y_label, const std::vector<std::string>& categories,
                  std::string_view categories_name) {
    Text(Path(at, "caption"), caption, Lines::kOne);
    Text(Path(at, "x_label"), x_label, Lines::kOne);
    Text(Path(at, "y_label"), y_label, Lines::kOne);
    const std::string field = Path(at, categories_name);
    if (categories.empty()) problems_.Add(field, "must not be empty");
    for (size_t i = 0; i < categories.size(); ++i)
      Text(Index(field, i), categories[i], Lines::kOne);
  }

  Problems problems_;
};

}  // namespace

Direction DirectionOf(const Document& document) {
  if (document.direction) return *document.direction;
  // Scripts (four-letter subtags) decide first: "ku-Arab" is right to left, "ku-Latn" is not.
  constexpr std::array<std::string_view, 9> kRtlScripts = {"arab", "hebr", "syrc", "thaa", "nkoo",
                                                           "adlm", "rohg", "mand", "samr"};
  constexpr std::array<std::string_view, 14> kRtlLanguages = {
      "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"};
  const std::string tag = ToLowerAscii(document.language);
  const auto subtags = Split(tag, '-');
  for (size_t i = 1; i < subtags.size(); ++i) {
    if (subtags[i].size() != 4 || !IsAsciiAlpha(subtags[i][0])) continue;
    return std::ranges::find(kRtlScripts, subtags[i]) != kRtlScripts.end() ? Direction::kRtl
                                                                           : Direction::kLtr;
  }
  return std::ranges::find(kRtlLanguages, subtags.front()) != kRtlLanguages.end() ? Direction::kRtl
                                                                                  : Direction::kLtr;
}

Status Validate(const Document& document) {
  return Validator().Run(document);
}

}  // namespace civharm::report
