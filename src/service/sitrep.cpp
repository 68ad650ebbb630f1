#include "service/sitrep.h"

#include <array>

#include <fmt/format.h>

#include "report/report.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

using analytics::Dimension;
using analytics::FigureSum;
using analytics::Interval;

// The words of a situation report in one language.
struct Words {
  const char* language;
  std::array<const char*, 3> title;  // daily, weekly, monthly
  const char* period;                // "{from} – {to}"
  const char* generated;
  const char* summary;
  const char* incidents;
  const char* killed;
  const char* injured;
  const char* previous;  // note under a figure: the period before
  const char* range;     // note: the range of a figure
  const char* trend;
  const char* best;
  const char* perpetrators;
  const char* weapons;
  const char* areas;
  const char* age_sex;
  const char* not_disaggregated;
  const char* lifecycle;
  const char* map;
  const char* list;
  const char* unknown;
  const char* date, *place, *perpetrator, *weapon, *status, *share, *median_days, *of;
  const char* listed;  // "{shown} of {total} incidents listed"
  const char* nothing;
  // The case rows: assessed, credible, investigated, acknowledged, offered amends, paid.
  std::array<const char*, 6> stages;
};

constexpr std::array<Words, 3> kWords = {{
    {"en",
     {"Daily situation report", "Weekly situation report", "Monthly situation report"},
     "{} to {}", "Generated", "Summary", "Incidents", "Civilians killed (best)",
     "Civilians injured (best)", "period before: {}", "range {}–{}", "Civilians killed per period",
     "best", "Incidents by perpetrator", "Incidents by weapon", "Incidents by area (admin 1)",
     "Civilian casualties by age group and sex", "{} incidents give no breakdown by age and sex",
     "Cases", "Map of incidents", "Incidents", "unknown", "Date", "Place", "Perpetrator",
     "Weapon", "Status", "Share", "Median days", "of", "{} of {} incidents listed, latest first",
     "No incident in this period.",
     {"Assessed", "Found credible", "Investigated", "Acknowledged", "Offered amends",
      "Amends paid"}},
    {"fr",
     {"Rapport de situation quotidien", "Rapport de situation hebdomadaire",
      "Rapport de situation mensuel"},
     "du {} au {}", "Produit le", "Résumé", "Incidents", "Civils tués (meilleure estimation)",
     "Civils blessés (meilleure estimation)", "période précédente : {}", "fourchette {}–{}",
     "Civils tués par période", "meilleure estimation", "Incidents par auteur",
     "Incidents par arme", "Incidents par zone (niveau 1)",
     "Victimes civiles par âge et par sexe", "{} incidents sans ventilation par âge et sexe",
     "Dossiers", "Carte des incidents", "Incidents", "inconnu", "Date", "Lieu", "Auteur", "Arme",
     "Statut", "Part", "Jours (médiane)", "sur", "{} incidents sur {} listés, du plus récent",
     "Aucun incident pendant cette période.",
     {"Évalués", "Jugés crédibles", "Enquêtés", "Reconnus", "Réparation proposée",
      "Réparation versée"}},
    {"ar",
     {"تقرير الحالة اليومي", "تقرير الحالة الأسبوعي", "تقرير الحالة الشهري"},
     "من {} إلى {}", "أُعدّ في", "ملخص", "الحوادث", "المدنيون القتلى (أفضل تقدير)",
     "المدنيون الجرحى (أفضل تقدير)", "الفترة السابقة: {}", "النطاق {}–{}",
     "المدنيون القتلى في كل فترة", "أفضل تقدير", "الحوادث حسب الجهة الفاعلة",
     "الحوادث حسب السلاح", "الحوادث حسب المنطقة", "الضحايا المدنيون حسب الفئة العمرية والجنس",
     "{} حادثة دون تفصيل حسب العمر والجنس", "الحالات", "خريطة الحوادث", "الحوادث", "غير معروف",
     "التاريخ", "المكان", "الجهة الفاعلة", "السلاح", "الحالة", "النسبة", "الأيام (الوسيط)", "من",
     "{} من {} حادثة مدرجة، الأحدث أولاً", "لا توجد حوادث في هذه الفترة.",
     {"قُيّمت", "ثبتت مصداقيتها", "حُقّق فيها", "اعتُرف بها", "عُرض تعويض", "دُفع التعويض"}},
}};

struct Span {
  Date from, to;
  Interval interval;
};

// The period holding `day`, and how far back its trend looks.
Span PeriodOf(SitrepPeriod p, Date day) {
  switch (p) {
    case SitrepPeriod::kDaily: return {day, day, Interval::kDay};
    case SitrepPeriod::kWeekly: {
      const Date monday = day.AddDays(1 - day.iso_weekday());
      return {monday, monday.AddDays(6), Interval::kWeek};
    }
    case SitrepPeriod::kMonthly: {
      const Date first = *Date::FromCivil(day.year(), day.month(), 1);
      const Date next = day.month() == 12 ? *Date::FromCivil(day.year() + 1, 1, 1)
                                          : *Date::FromCivil(day.year(), day.month() + 1, 1);
      return {first, next.AddDays(-1), Interval::kMonth};
    }
  }
  return {day, day, Interval::kDay};
}

// The first day of the trend: 30 days, 12 weeks or 12 months back, this period included.
Date TrendStart(const Span& s) {
  switch (s.interval) {
    case Interval::kDay: return s.from.AddDays(-29);
    case Interval::kWeek: return s.from.AddDays(-7 * 11);
    default: {
      int y = s.from.year(), m = s.from.month() - 11;
      if (m < 1) {
        m += 12;
        --y;
      }
      return *Date::FromCivil(y, m, 1);
    }
  }
}

std::string Best(const FigureSum& f) { return f.known == 0 ? "–" : std::to_string(f.best); }
std::string Range(const Words& w, const FigureSum& f) {
  return f.known == 0 ? "" : fmt::format(fmt::runtime(w.range), f.lo, f.hi);
}
std::string Percent(std::optional<double> v) {
  return v ? fmt::format("{:.1f}%", *v * 100) : "–";
}
std::string Key(const Words& w, const std::string& key) { return key.empty() ? w.unknown : key; }

io::TableCell Cell(const FigureSum& f, int64_t FigureSum::*field) {
  if (f.known == 0) return std::monostate{};
  return f.*field;
}

// A table of a breakdown (top `rows` rows), and its sheet in full.
void AddBreakdown(const Words& w, const analytics::Breakdown& b, const char* caption,
                  const char* key_label, size_t rows, report::Document& doc,
                  std::vector<io::TableSheet>& sheets) {
  report::Table t{.columns = {{key_label}, {w.incidents, report::Alignment::kNumeric},
                              {w.share, report::Alignment::kNumeric},
                              {w.killed, report::Alignment::kNumeric}}};
  io::TableSheet sheet{.name = caption,
                       .columns = {"key", "incidents", "incident_share", "civilians_killed_min",
                                   "civilians_killed_best", "civilians_killed_max",
                                   "incidents_with_figure"}};
  for (const analytics::BreakdownRow& r : b.rows) {
    if (t.rows.size() < rows) {
      t.rows.push_back({Key(w, r.key), std::to_string(r.totals.incidents),
                        Percent(r.incident_share), Best(r.totals.killed)});
    }
    sheet.rows.push_back({r.key, r.totals.incidents,
                          r.incident_share ? io::TableCell(*r.incident_share) : std::monostate{},
                          Cell(r.totals.killed, &FigureSum::lo),
                          Cell(r.totals.killed, &FigureSum::best),
                          Cell(r.totals.killed, &FigureSum::hi), r.totals.killed.known});
  }
  if (!t.rows.empty()) doc.blocks.push_back(std::move(t));
  sheets.push_back(std::move(sheet));
}

}  // namespace

Result<Sitrep> BuildSitrep(AnalyticsService& analytics, const Actor& actor,
                           const SitrepRequest& request) {
  CIVHARM_ASSIGN_OR_RETURN(const Words* w, WordsFor(kWords, request.language));
  if (request.filters.date_from || request.filters.date_to) {
    return std::unexpected(InvalidArgument(
        "a situation report covers its period: give the day, not date filters", "date_from"));
  }
  const Span span = PeriodOf(request.period, request.day);
  Sitrep out{.from = span.from, .to = span.to};
  storage::Query period = request.filters;
  period.date_from = span.from;
  period.date_to = span.to;
  storage::Query history = request.filters;
  history.date_from = TrendStart(span);
  history.date_to = span.to;

  CIVHARM_ASSIGN_OR_RETURN(auto trend,
                           analytics.Trend(actor, history, {.interval = span.interval}));
  CIVHARM_ASSIGN_OR_RETURN(auto now, analytics.Trend(actor, period, {.interval = span.interval}));
  report::Document& doc = out.document;
  doc.language = request.language;
  doc.title = w->title[static_cast<size_t>(request.period)];
  doc.subtitle = fmt::format(fmt::runtime(w->period), span.from.ToString(), span.to.ToString());
  doc.generated_at = ReportTime(w->generated);

  // Headline figures against the period before.
  const analytics::Totals& t = now.total;
  const Span before_span = PeriodOf(request.period, span.from.AddDays(-1));
  storage::Query before_query = request.filters;
  before_query.date_from = before_span.from;
  before_query.date_to = before_span.to;
  CIVHARM_ASSIGN_OR_RETURN(auto before,
                           analytics.Trend(actor, before_query, {.interval = span.interval}));
  const auto previous = [&](const std::string& value) {
    return fmt::format(fmt::runtime(w->previous), value);
  };
  doc.blocks.push_back(report::Heading{.text = w->summary});
  doc.blocks.push_back(report::KeyFigures{
      {{w->incidents, std::to_string(t.incidents), previous(std::to_string(before.total.incidents))},
       {w->killed, Best(t.killed),
        t.killed.known == 0
            ? previous(Best(before.total.killed))
            : fmt::format("{}; {}", Range(*w, t.killed), previous(Best(before.total.killed)))},
       {w->injured, Best(t.injured), Range(*w, t.injured)}}});

  // The trend: best figure as a line, min–max as a band.
  report::LineChart chart{.caption = w->trend, .y_label = w->killed};
  report::LineSeries series{.name = w->best};
  io::TableSheet trend_sheet{.name = w->trend,
                             .columns = {"period", "incidents", "civilians_killed_min",
                                         "civilians_killed_best", "civilians_killed_max",
                                         "civilians_injured_best", "incidents_with_figure"}};
  for (const analytics::TrendGroup& g : trend.groups) {
    chart.x_labels.push_back(g.period);
    const FigureSum& k = g.totals.killed;
    series.points.push_back(k.known == 0 && g.totals.incidents > 0
                                ? std::nullopt
                                : std::optional(report::Estimate{
                                      static_cast<double>(k.lo), static_cast<double>(k.best),
                                      static_cast<double>(k.hi)}));
    trend_sheet.rows.push_back({g.period, g.totals.incidents, Cell(k, &FigureSum::lo),
                                Cell(k, &FigureSum::best), Cell(k, &FigureSum::hi),
                                Cell(g.totals.injured, &FigureSum::best), k.known});
  }
  chart.series.push_back(std::move(series));
  if (!chart.x_labels.empty()) doc.blocks.push_back(std::move(chart));
  out.tables.push_back(std::move(trend_sheet));

  if (t.incidents == 0) {
    doc.blocks.push_back(report::Paragraph{.text = w->nothing});
    return out;
  }

  // Who, with what, where.
  struct Part {
    Dimension dim;
    const char* caption;
    const char* key_label;
  };
  for (const Part& part : {Part{Dimension::kPerpetrator, w->perpetrators, w->perpetrator},
                           Part{Dimension::kWeapon, w->weapons, w->weapon},
                           Part{Dimension::kAdmin1, w->areas, w->place}}) {
    CIVHARM_ASSIGN_OR_RETURN(auto b, analytics.Breakdown(actor, period, part.dim));
    doc.blocks.push_back(report::Heading{.level = 2, .text = part.caption});
    AddBreakdown(*w, b, part.caption, part.key_label, 10, doc, out.tables);
  }

  // Civilian casualties by age group and sex, as the records break them down.
  CIVHARM_ASSIGN_OR_RETURN(auto ages, analytics.Breakdown(actor, period, Dimension::kAgeGroup));
  CIVHARM_ASSIGN_OR_RETURN(auto sexes, analytics.Breakdown(actor, period, Dimension::kSex));
  report::BarChart age_sex{.caption = w->age_sex};
  report::BarSeries killed{.name = w->killed};
  for (const auto* b : {&ages, &sexes}) {
    for (const analytics::BreakdownRow& r : b->rows) {
      age_sex.categories.push_back(r.key);
      killed.values.push_back(r.totals.killed.known == 0
                                  ? std::nullopt
                                  : std::optional(static_cast<double>(r.totals.killed.best)));
    }
  }
  if (!age_sex.categories.empty()) {
    doc.blocks.push_back(report::Heading{.level = 2, .text = w->age_sex});
    age_sex.series.push_back(std::move(killed));
    doc.blocks.push_back(std::move(age_sex));
  }
  doc.blocks.push_back(report::Paragraph{
      .text = fmt::format(fmt::runtime(w->not_disaggregated), ages.not_disaggregated)});

  // The cases, for readers of case files.
  if (Allows(actor, Action::kReadCases)) {
    CIVHARM_ASSIGN_OR_RETURN(auto timing, analytics.Timing(actor, period));
    const auto median = [](const analytics::Durations& d) {
      return d.median ? std::to_string(*d.median) : std::string("–");
    };
    doc.blocks.push_back(report::Heading{.level = 2, .text = w->lifecycle});
    report::Table cases{.columns = {{""}, {w->share, report::Alignment::kNumeric},
                                    {w->median_days, report::Alignment::kNumeric}}};
    const auto share = [&](const analytics::Share& s) {
      return fmt::format("{} ({} {} {})", Percent(s.value()), s.count, w->of, s.of);
    };
    cases.rows = {
        {w->stages[0], share(timing.assessed), median(timing.report_to_assessment)},
        {w->stages[1], share(timing.credible), ""},
        {w->stages[2], share(timing.investigated), median(timing.report_to_investigation)},
        {w->stages[3], share(timing.acknowledged), median(timing.report_to_acknowledgment)},
        {w->stages[4], share(timing.offered_amends), median(timing.report_to_amends_offered)},
        {w->stages[5], share(timing.paid), median(timing.report_to_amends_paid)},
    };
    doc.blocks.push_back(std::move(cases));
  }

  // The map and the list.
  uint64_t total = 0;
  CIVHARM_ASSIGN_OR_RETURN(auto lines, analytics.Lines(actor, period, SIZE_MAX, &total));
  report::PointMap map{.caption = w->map};
  io::TableSheet list_sheet{.name = w->list,
                            .columns = {"id", "date", "country", "admin1", "perpetrator",
                                        "weapon", "status", "civilians_killed_min",
                                        "civilians_killed_best", "civilians_killed_max", "lat",
                                        "lon"}};
  report::Table list{.caption = w->list,
                     .columns = {{w->date}, {w->place}, {w->perpetrator}, {w->weapon},
                                 {w->status}, {w->killed, report::Alignment::kNumeric}}};
  for (const IncidentLine& l : lines) {
    const std::string place = l.admin1.empty() ? l.country : l.admin1 + ", " + l.country;
    if (l.lat) {
      map.points.push_back({.lat = *l.lat, .lon = *l.lon,
                            .weight = l.killed.lo == analytics::kNone ? 0.0
                                                                      : static_cast<double>(l.killed.best)});
    }
    if (list.rows.size() < request.max_incidents) {
      list.rows.push_back({l.date.ToString(), place, Key(*w, l.perpetrator), Key(*w, l.weapon),
                           std::string(EnumName(l.status)),
                           l.killed.lo == analytics::kNone ? "–" : std::to_string(l.killed.best)});
    }
    const auto figure = [&](int64_t analytics::Figure::*f) -> io::TableCell {
      if (l.killed.lo == analytics::kNone) return std::monostate{};
      return l.killed.*f;
    };
    list_sheet.rows.push_back(
        {l.id, l.date.ToString(), l.country, l.admin1, l.perpetrator, l.weapon,
         std::string(EnumName(l.status)), figure(&analytics::Figure::lo),
         figure(&analytics::Figure::best), figure(&analytics::Figure::hi),
         l.lat ? io::TableCell(*l.lat) : std::monostate{},
         l.lon ? io::TableCell(*l.lon) : std::monostate{}});
  }
  if (!map.points.empty()) {
    doc.blocks.push_back(report::Heading{.level = 2, .text = w->map});
    // One point's extent is empty: give the map a box around it.
    if (map.points.size() == 1) {
      const auto& p = map.points[0];
      map.bbox = report::BoundingBox{std::max(-180.0, p.lon - 1), std::max(-90.0, p.lat - 1),
                                     std::min(180.0, p.lon + 1), std::min(90.0, p.lat + 1)};
    }
    doc.blocks.push_back(std::move(map));
  }
  doc.blocks.push_back(report::Heading{.level = 2, .text = w->list});
  list.footnote = fmt::format(fmt::runtime(w->listed), list.rows.size(), total);
  doc.blocks.push_back(std::move(list));
  out.tables.push_back(std::move(list_sheet));
  return out;
}

Status UnknownReportLanguage(const std::string& language) {
  return InvalidArgument(
      fmt::format("'{}' is not a language of the reports: en, fr or ar", language), "language");
}

std::string ReportTime(std::string_view word) {
  // "2026-11-22T15:50:48.300878Z" shown as "2026-11-22 15:50 UTC".
  const std::string now = Timestamp::Now().ToString();
  return fmt::format("{} {} {} UTC", word, now.substr(0, 10), now.substr(11, 5));
}

Status WriteReport(const report::Document& document, const std::vector<io::TableSheet>& tables,
                   ReportFormat format, std::ostream& out) {
  switch (format) {
    case ReportFormat::kPdf: return report::RenderPdf(document, out);
    case ReportFormat::kHtml: return report::RenderHtml(document, out);
    case ReportFormat::kXlsx: return io::WriteTablesXlsx(tables, out);
  }
  return Status::Ok();
}

}  // namespace civharm::service
