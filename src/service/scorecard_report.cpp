#include "service/scorecard_report.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/strings.h"
#include "io/csv_writer.h"
#include "service/sitrep.h"

namespace civharm::service {
namespace {

using analytics::EvidenceMetric;

// The words of a scorecard in one language. Level titles, category and indicator names and the
// framework's descriptions are the framework's own and are not translated.
struct Words {
  const char* language;
  const char* title;                  // "{state} — ..."
  const char* subtitle;               // period from, to, edition, status
  std::array<const char*, 3> status;  // draft, under review, published
  const char* generated;
  const char* assessor;
  const char* reviewer;
  const char* nobody;
  const char* review_note;
  std::array<const char*, 2> not_published;  // draft, under review
  const char* published_on;
  const char* summary;
  const char* overall;
  const char* scored;
  const char* count_of;  // "{} of {}"
  const char* not_scored;
  const char* overridden;  // computed level, reason
  const char* level_line;  // "Level: {}"
  const char* categories;
  const char* indicators;
  const char *indicator, *name, *level, *rationale;
  const char* cited;
  const char *document, *link, *record;
  std::array<const char*, 4> record_kinds;  // incident, report, operation, case
  const char* kept;                         // "{kind} kept in civharm"
  const char* records_caption;
  const char *metric, *informed, *figure;
  const char* evidence;
  const char* scope;       // force, from, to, allegations
  const char* suppressed;  // k - 1, "<k"
  const char* share;       // with, of, percent
  const char* share_withheld;
  const char* median;  // days, findings
  const char* median_withheld;
  const char* median_none;
  char decimal;
  // What each metric counts, in the order of EvidenceMetric; null: MetricDescription (English).
  std::array<const char*, 11> metrics;
  const char* roadmap;
  const char* roadmap_intro;
  const char* roadmap_empty;
  const char *subject, *now, *next;
  const char* highest;
  const char* as_shown;  // "as for {subject}": a description shown above
  const char* category_levels;
  const char* method;
  const char* method_text;           // rule name, rule description, title, edition, source
  std::array<const char*, 5> rules;  // in the order of AggregationRule
};

constexpr std::array<Words, 3> kWords = {{
    {"en",
     "{} — leadership framework scorecard",
     "{} to {} · edition {} · {}",
     {"draft", "under review", "published"},
     "Generated",
     "Assessor: {}",
     "Reviewer: {}",
     "none yet",
     "Review note: {}",
     {"Draft: this scorecard is not published, and its levels may still change.",
      "Under review: this scorecard is not published, and its levels may still change."},
     "Published on {}.",
     "Summary",
     "Overall level",
     "Indicators scored",
     "{} of {}",
     "not scored",
     "overridden; computed: {}. Reason: {}",
     "Level: {}",
     "Categories and indicators",
     "Indicators",
     "Indicator",
     "Name",
     "Level",
     "Rationale",
     "Evidence cited",
     "Document",
     "Link",
     "record",
     {"incident", "report", "operation", "case"},
     "{} kept in civharm",
     "From civharm's records (see \"Evidence from civharm's records\")",
     "Metric",
     "Indicators informed",
     "Figure",
     "Evidence from civharm's records",
     "Incidents naming {} whose dates overlap the period {} to {}: {} allegations in scope.",
     "Counts from 1 to {} are shown as {}, and the shares and medians they would give are "
     "withheld, so that no incident can be singled out.",
     "{} of {} ({}%)",
     "{} of {} (share withheld)",
     "{} days (over {} findings)",
     "withheld (over {} findings)",
     "no finding measured",
     '.',
     {},
     "Roadmap",
     "What each category and indicator would need to reach the next level, in the framework's "
     "own words.",
     "No category has a level yet.",
     "Subject",
     "Now",
     "Next level",
     "none: this is the highest level",
     "as for {}",
     "Indicators without level descriptions of their own are read against their category's.",
     "Method",
     "Each indicator is given one of the framework's five levels, from Regressive to Leader, with "
     "a rationale and the evidence it rests on. A category's level is computed from the levels "
     "of its scored indicators, and the overall level from the categories' levels (overrides "
     "included), by the rule {} ({}). A computed level may be overridden only with a reason, and "
     "the computed level is shown beside it. Framework: {}, edition {}; source: {}.",
     {"the mean score, a half rounded up", "the mean score, a half rounded down",
      "the median; of an even count, the higher of the two middle levels",
      "the median; of an even count, the lower of the two middle levels", "the weakest level"}},
    {"fr",
     "{} — fiche d'évaluation du cadre de leadership",
     "du {} au {} · édition {} · {}",
     {"brouillon", "en cours de relecture", "publiée"},
     "Produit le",
     "Évaluateur : {}",
     "Relecteur : {}",
     "pas encore désigné",
     "Note de relecture : {}",
     {"Brouillon : cette fiche n'est pas publiée et ses niveaux peuvent encore changer.",
      "En cours de relecture : cette fiche n'est pas publiée et ses niveaux peuvent encore "
      "changer."},
     "Publiée le {}.",
     "Résumé",
     "Niveau global",
     "Indicateurs notés",
     "{} sur {}",
     "non noté",
     "niveau modifié ; calculé : {}. Motif : {}",
     "Niveau : {}",
     "Catégories et indicateurs",
     "Indicateurs",
     "Indicateur",
     "Nom",
     "Niveau",
     "Justification",
     "Sources citées",
     "Document",
     "Lien",
     "fiche",
     {"incident", "signalement", "opération", "dossier"},
     "{} (fiche conservée dans civharm)",
     "D'après les données de civharm (voir « Éléments tirés des données de civharm »)",
     "Mesure",
     "Indicateurs concernés",
     "Valeur",
     "Éléments tirés des données de civharm",
     "Incidents mettant en cause {} dont les dates recoupent la période du {} au {} : {} "
     "allégations prises en compte.",
     "Les effectifs de 1 à {} sont notés {} et les parts et médianes qui en découleraient ne sont "
     "pas données, afin qu'aucun incident ne puisse être identifié.",
     "{} sur {} ({} %)",
     "{} sur {} (part non donnée)",
     "{} jours (sur {} conclusions)",
     "non donnée (sur {} conclusions)",
     "aucune conclusion mesurée",
     ',',
     {"Allégations ayant fait l'objet d'une conclusion, sur l'ensemble des allégations",
      "Nombre médian de jours entre le premier signalement d'une allégation et sa première "
      "conclusion",
      "Conclusions dont l'évaluation a pris en compte une source extérieure à la force, sur "
      "l'ensemble des conclusions",
      "Incidents crédibles ayant donné lieu à l'ouverture d'une enquête, sur les incidents "
      "crédibles",
      "Incidents crédibles ayant donné lieu à un entretien avec des témoins ou à une visite sur "
      "place, sur les incidents crédibles",
      "Conclusions diffusées dans une publication publique approuvée, sur l'ensemble des "
      "conclusions",
      "Nombre médian de jours entre une première conclusion et l'approbation de la première "
      "publication qui la diffuse",
      "Incidents crédibles reconnus ou ayant fait l'objet d'excuses, sur les incidents crédibles",
      "Incidents crédibles pour lesquels un paiement ou une assistance a été proposé, sur les "
      "incidents crédibles",
      "Incidents crédibles pour lesquels un paiement a été versé ou une assistance fournie, sur "
      "les incidents crédibles",
      "Incidents crédibles pour lesquels une consultation des personnes touchées a été consignée, "
      "sur les incidents crédibles"},
     "Feuille de route",
     "Ce qu'il faudrait à chaque catégorie et à chaque indicateur pour atteindre le niveau "
     "suivant, dans les termes du cadre.",
     "Aucune catégorie n'a encore de niveau.",
     "Objet",
     "Niveau actuel",
     "Niveau suivant",
     "aucun : c'est le niveau le plus élevé",
     "comme pour {}",
     "Les indicateurs sans descriptions de niveaux propres sont lus à l'aune de celles de leur "
     "catégorie.",
     "Méthode",
     "Chaque indicateur reçoit l'un des cinq niveaux du cadre, de Regressive à Leader, avec une "
     "justification et les éléments sur lesquels il repose. Le niveau d'une catégorie est "
     "calculé à partir des niveaux de ses indicateurs notés, et le niveau global à partir des "
     "niveaux des catégories (modifications comprises), selon la règle {} ({}). Un niveau calculé "
     "ne peut être modifié que pour un motif donné, et le niveau calculé figure à côté. Cadre : "
     "{}, édition {} ; source : {}.",
     {"la moyenne des scores, une demie arrondie au niveau supérieur",
      "la moyenne des scores, une demie arrondie au niveau inférieur",
      "la médiane ; pour un nombre pair, le plus élevé des deux niveaux centraux",
      "la médiane ; pour un nombre pair, le plus bas des deux niveaux centraux",
      "le niveau le plus faible"}},
    {"ar",
     "{} — بطاقة التقييم وفق إطار القيادة",
     "من {} إلى {} · الإصدار {} · {}",
     {"مسودة", "قيد المراجعة", "منشورة"},
     "أُعدّ في",
     "المُقيِّم: {}",
     "المراجِع: {}",
     "لم يُعيَّن بعد",
     "ملاحظة المراجعة: {}",
     {"مسودة: بطاقة التقييم هذه غير منشورة، وقد تتغير مستوياتها.",
      "قيد المراجعة: بطاقة التقييم هذه غير منشورة، وقد تتغير مستوياتها."},
     "نُشرت في {}.",
     "ملخص",
     "المستوى العام",
     "المؤشرات المقيَّمة",
     "{} من {}",
     "غير مقيَّم",
     "مستوى معدَّل؛ المحسوب: {}. السبب: {}",
     "المستوى: {}",
     "الفئات والمؤشرات",
     "المؤشرات",
     "المؤشر",
     "الاسم",
     "المستوى",
     "المبررات",
     "الأدلة المستشهد بها",
     "وثيقة",
     "رابط",
     "سجل",
     {"حادثة", "بلاغ", "عملية", "ملف"},
     "{} (سجل محفوظ في civharm)",
     "من سجلات civharm (انظر «أدلة من سجلات civharm»)",
     "المقياس",
     "المؤشرات المعنية",
     "القيمة",
     "أدلة من سجلات civharm",
     "الحوادث المنسوبة إلى {} التي تتقاطع تواريخها مع الفترة من {} إلى {}: {} ادعاءً ضمن "
     "النطاق.",
     "الأعداد من 1 إلى {} تظهر بصيغة {}، وتُحجب النسب والقيم الوسيطة المستخلصة منها، كي لا يمكن "
     "تمييز أي حادثة.",
     "{} من {} ({}٪)",
     "{} من {} (النسبة محجوبة)",
     "{} يوماً (على أساس {} نتيجة تقييم)",
     "محجوبة (على أساس {} نتيجة تقييم)",
     "لا توجد نتيجة تقييم مقيسة",
     '.',
     {"الادعاءات التي سُجّلت بشأنها نتيجة تقييم، من بين جميع الادعاءات",
      "الوسيط بالأيام من أول بلاغ عن الادعاء إلى أول نتيجة تقييم بشأنه",
      "نتائج التقييم التي أخذت في الاعتبار مصدراً من خارج القوة، من بين جميع نتائج التقييم",
      "الحوادث ذات المصداقية التي فُتح فيها تحقيق، من بين الحوادث ذات المصداقية",
      "الحوادث ذات المصداقية التي أُجريت فيها مقابلة مع شهود أو زيارة ميدانية، من بين الحوادث "
      "ذات المصداقية",
      "نتائج التقييم المنشورة في إصدار علني معتمد، من بين جميع نتائج التقييم",
      "الوسيط بالأيام من أول نتيجة تقييم إلى اعتماد أول إصدار ينشرها",
      "الحوادث ذات المصداقية التي اعتُرف بها أو قُدّم اعتذار عنها، من بين الحوادث ذات المصداقية",
      "الحوادث ذات المصداقية التي عُرض فيها دفع مبلغ أو تقديم مساعدة، من بين الحوادث ذات "
      "المصداقية",
      "الحوادث ذات المصداقية التي دُفع فيها مبلغ أو قُدّمت فيها مساعدة، من بين الحوادث ذات "
      "المصداقية",
      "الحوادث ذات المصداقية التي سُجّلت فيها مشاورة مع المتضررين، من بين الحوادث ذات "
      "المصداقية"},
     "خارطة الطريق",
     "ما تحتاجه كل فئة وكل مؤشر لبلوغ المستوى التالي، بكلمات الإطار نفسه.",
     "لا توجد فئة لها مستوى بعد.",
     "الموضوع",
     "المستوى الحالي",
     "المستوى التالي",
     "لا يوجد: هذا أعلى مستوى",
     "كما في {}",
     "تُقرأ المؤشرات التي لا أوصاف خاصة لمستوياتها وفق أوصاف مستويات فئتها.",
     "المنهجية",
     "يُمنح كل مؤشر أحد مستويات الإطار الخمسة، من Regressive إلى Leader، مع مبرراته والأدلة التي "
     "يستند إليها. ويُحسب مستوى كل فئة من مستويات مؤشراتها المقيَّمة، والمستوى العام من مستويات "
     "الفئات (بما فيها المستويات المعدَّلة)، وفق القاعدة {} ({}). ولا يجوز تعديل مستوى محسوب إلا "
     "مع ذكر السبب، ويظهر المستوى المحسوب بجانبه. الإطار: {}، الإصدار {}؛ المصدر: {}.",
     {"متوسط الدرجات، مع تقريب النصف إلى الأعلى", "متوسط الدرجات، مع تقريب النصف إلى الأدنى",
      "الوسيط؛ وفي العدد الزوجي أعلى المستويين الأوسطين",
      "الوسيط؛ وفي العدد الزوجي أدنى المستويين الأوسطين", "أضعف المستويات"}},
}};

// ---- text ----------------------------------------------------------------------------------

// Headings, key figures and captions hold one line (report::Validate): a reason or name with a
// line break in it is joined into one line rather than failing the render.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) c = ' ';
  }
  return out;
}

std::string Title(Level level) {
  return std::string(LevelTitle(level));
}
std::optional<Level> LevelOf(const std::optional<LevelDecision>& d) {
  return d ? std::optional(d->level()) : std::nullopt;
}
std::string Title(const std::optional<Level>& level, const Words& w) {
  return level ? Title(*level) : w.not_scored;
}
io::TableCell NameCell(const std::optional<Level>& level) {
  return level ? io::TableCell(std::string(EnumName(*level))) : io::TableCell();
}

// "Engaged", or "Emerging Leader — overridden; computed: Engaged. Reason: ..."; the note apart.
std::string OverrideNote(const Words& w, const LevelDecision& d) {
  if (!d.overridden()) return "";
  return OneLine(fmt::format(fmt::runtime(w.overridden), LevelTitle(d.computed()), d.reason()));
}
std::string LevelText(const Words& w, const std::optional<LevelDecision>& d) {
  if (!d) return w.not_scored;
  const std::string note = OverrideNote(w, *d);
  return note.empty() ? Title(d->level()) : fmt::format("{} — {}", LevelTitle(d->level()), note);
}

std::string MetricText(const Words& w, EvidenceMetric m) {
  const char* text = w.metrics[static_cast<size_t>(m)];
  return text ? text : std::string(analytics::MetricDescription(m));
}

std::string Informed(EvidenceMetric m) {
  return fmt::format("{}", fmt::join(analytics::IndicatorsInformed(m), ", "));
}

bool Informs(EvidenceMetric m, std::string_view indicator) {
  const auto ids = analytics::IndicatorsInformed(m);
  return std::find(ids.begin(), ids.end(), indicator) != ids.end();
}

// "12 of 40 (30.0%)", "<5 of 40 (share withheld)", "9 days (over 31 findings)".
std::string FigureText(const Words& w, const EvidenceItem& e, const EvidenceShown& shown) {
  if (analytics::IsShare(e.metric)) {
    if (e.of == 0) return fmt::format(fmt::runtime(w.count_of), e.with, e.of);
    if (shown.Withholds(e)) {
      return fmt::format(fmt::runtime(w.share_withheld), shown.Text(e.with), shown.Text(e.of));
    }
    std::string percent =
        fmt::format("{:.1f}", 100.0 * static_cast<double>(e.with) / static_cast<double>(e.of));
    std::replace(percent.begin(), percent.end(), '.', w.decimal);
    return fmt::format(fmt::runtime(w.share), e.with, e.of, percent);
  }
  if (e.with == 0 || !e.median_days) return w.median_none;
  if (shown.Withholds(e)) return fmt::format(fmt::runtime(w.median_withheld), shown.Text(e.with));
  return fmt::format(fmt::runtime(w.median), *e.median_days, e.with);
}

// One cited piece of evidence as a line. A public scorecard names a civharm record by its kind
// only: its id would let a reader ask for a record the public may not see.
std::string EvidenceLine(const Words& w, const Evidence& e, bool is_public) {
  std::string line;
  switch (e.kind) {
    case EvidenceKind::kDocument:
      line = fmt::format("{}: {}", w.document, e.title);
      break;
    case EvidenceKind::kLink:
      line = fmt::format("{}: {}", w.link, e.title);
      break;
    case EvidenceKind::kRecord: {
      const std::string kind =
          e.record_kind ? w.record_kinds[static_cast<size_t>(*e.record_kind)] : w.record;
      const std::string record = is_public ? fmt::format(fmt::runtime(w.kept), kind)
                                           : fmt::format("{} {}", kind, e.record_id);
      line = fmt::format("{}: {}", record, e.title);
      break;
    }
  }
  if (e.kind != EvidenceKind::kRecord && !e.url.empty()) line += " — " + e.url;
  if (!e.note.empty()) line += " — " + e.note;
  return "• " + line;
}

// ---- the sections --------------------------------------------------------------------------

// The framework's own words, written in one language (English for the built-in edition): in a
// document of the other direction, an isolate laid out in the direction of its first letter, so
// that an English description in an Arabic scorecard reads left to right and keeps its full stop
// at its end. Texts of mixed languages (an assessor's rationale) keep the document's direction.
std::string Framed(const report::Document& doc, std::string_view text) {
  if (report::DirectionOf(doc) != report::Direction::kRtl) return std::string(text);
  return fmt::format("\u2068{}\u2069", text);
}

// An indicator of a category as the scorecard shows it: every indicator of the framework's
// category, scored or not, in its order.
struct IndicatorLine {
  std::string id;
  std::string name;
  const IndicatorScore* score = nullptr;
};

std::vector<IndicatorLine> LinesOf(const Framework& fw, const CategoryScore& c) {
  std::vector<IndicatorLine> out;
  if (const Category* fc = fw.FindCategory(c.category_id)) {
    for (const Indicator& i : fc->indicators) out.push_back({i.id, i.name, nullptr});
  }
  for (const IndicatorScore& s : c.indicators) {
    const auto it = std::find_if(out.begin(), out.end(),
                                 [&](const IndicatorLine& l) { return l.id == s.indicator_id; });
    if (it != out.end()) {
      it->score = &s;
    } else {
      const Indicator* i = fw.FindIndicator(s.indicator_id);
      out.push_back({s.indicator_id, i ? i->name : std::string(), &s});
    }
  }
  return out;
}

void AddSummary(const Words& w, const ScorecardInput& in, report::Document& doc) {
  const StateAssessment& a = in.assessment;
  doc.blocks.push_back(report::Heading{.text = w.summary});
  std::vector<std::string> lines;
  if (a.status != ScoreStatus::kPublished) {
    lines.emplace_back(w.not_published[a.status == ScoreStatus::kDraft ? 0 : 1]);
  } else if (a.published_at) {
    lines.push_back(fmt::format(fmt::runtime(w.published_on), a.published_at->date().ToString()));
  }
  if (!in.is_public) {
    lines.push_back(fmt::format(fmt::runtime(w.assessor), a.assessor));
    lines.push_back(
        fmt::format(fmt::runtime(w.reviewer), a.reviewer.empty() ? w.nobody : a.reviewer));
    if (!a.review_note.empty()) {
      lines.push_back(fmt::format(fmt::runtime(w.review_note), a.review_note));
    }
  }
  if (!lines.empty()) {
    doc.blocks.push_back(report::Paragraph{.text = fmt::format("{}", fmt::join(lines, "\n"))});
  }

  size_t scored = 0, total = 0;
  for (const CategoryScore& c : in.card.categories) scored += c.indicators.size();
  for (const Category& c : in.framework.categories) total += c.indicators.size();
  // Two rows of figures: the whole, then the categories (boxes wide enough for a level's title).
  const auto& overall = in.card.overall;
  doc.blocks.push_back(report::KeyFigures{
      {{w.overall, Title(LevelOf(overall), w), overall ? OverrideNote(w, *overall) : ""},
       {w.scored, fmt::format(fmt::runtime(w.count_of), scored, total), ""}}});
  report::KeyFigures figures;
  for (const CategoryScore& c : in.card.categories) {
    figures.figures.push_back({OneLine(fmt::format("{} {}", c.category_id, c.name)),
                               Title(LevelOf(c.level), w),
                               c.level ? OverrideNote(w, *c.level) : ""});
  }
  if (!figures.figures.empty()) doc.blocks.push_back(std::move(figures));
}

void AddCategory(const Words& w, const ScorecardInput& in, const CategoryScore& c,
                 const std::vector<IndicatorLine>& lines, report::Document& doc) {
  doc.blocks.push_back(
      report::Heading{.level = 2, .text = OneLine(fmt::format("{} {}", c.category_id, c.name))});
  std::string text;
  if (const Category* fc = in.framework.FindCategory(c.category_id)) {
    text = Framed(doc, fc->description) + "\n";
  }
  text += fmt::format(fmt::runtime(w.level_line), LevelText(w, c.level));
  doc.blocks.push_back(report::Paragraph{.text = std::move(text)});

  report::Table table{.caption = w.indicators,
                      .columns = {{w.indicator}, {w.name}, {w.level}, {w.rationale}}};
  for (const IndicatorLine& l : lines) {
    table.rows.push_back({l.id, l.name,
                          Title(l.score ? std::optional(l.score->level) : std::nullopt, w),
                          l.score ? l.score->rationale : ""});
  }
  doc.blocks.push_back(std::move(table));

  // civharm's own figures beside the indicators they inform.
  if (in.evidence) {
    const EvidenceShown shown(in.evidence->suppress_below);
    report::Table figures{.caption = w.records_caption,
                          .columns = {{w.indicator}, {w.metric}, {w.figure}}};
    for (const IndicatorLine& l : lines) {
      for (const EvidenceItem& e : in.evidence->items) {
        if (!Informs(e.metric, l.id)) continue;
        figures.rows.push_back({l.id, MetricText(w, e.metric), FigureText(w, e, shown)});
      }
    }
    if (!figures.rows.empty()) doc.blocks.push_back(std::move(figures));
  }

  bool heading = false;
  for (const IndicatorLine& l : lines) {
    if (!l.score || l.score->evidence.empty()) continue;
    if (!heading) doc.blocks.push_back(report::Heading{.level = 3, .text = w.cited});
    heading = true;
    std::string cited = fmt::format("{} {}", l.id, l.name);
    for (const Evidence& e : l.score->evidence) cited += "\n" + EvidenceLine(w, e, in.is_public);
    doc.blocks.push_back(report::Paragraph{.text = std::move(cited)});
  }
}

void AddEvidence(const Words& w, const AssessmentEvidence& ev, report::Document& doc,
                 std::vector<io::TableSheet>& tables) {
  const EvidenceShown shown(ev.suppress_below);
  doc.blocks.push_back(report::Heading{.text = w.evidence});
  std::string text = fmt::format(fmt::runtime(w.scope), ev.force, ev.period.from.ToString(),
                                 ev.period.to.ToString(), shown.Text(ev.allegations));
  const int64_t k = ev.suppress_below;
  if (k > 1) {
    text += "\n" + fmt::format(fmt::runtime(w.suppressed), k - 1, fmt::format("<{}", k));
  }
  doc.blocks.push_back(report::Paragraph{.text = std::move(text)});

  report::Table table{.columns = {{w.metric}, {w.informed}, {w.figure}}};
  io::TableSheet sheet{
      .name = "Evidence",
      .columns = {"metric", "description", "indicators", "with", "of", "share", "median_days"}};
  bool withheld = false;
  for (const EvidenceItem& e : ev.items) {
    table.rows.push_back({MetricText(w, e.metric), Informed(e.metric), FigureText(w, e, shown)});
    const bool hides = shown.Withholds(e);
    withheld = withheld || hides || shown.Hides(e.of);
    io::TableCell share, median;
    if (analytics::IsShare(e.metric) && e.of > 0 && !hides) {
      share = static_cast<double>(e.with) / static_cast<double>(e.of);
    }
    if (!analytics::IsShare(e.metric) && e.median_days && !hides) median = *e.median_days;
    sheet.rows.push_back({std::string(EnumName(e.metric)), MetricText(w, e.metric),
                          Informed(e.metric), shown.Cell(e.with), shown.Cell(e.of), share, median});
  }
  doc.blocks.push_back(std::move(table));
  sheet.note =
      fmt::format("force: {}; period: {} to {}; allegations in scope: {}", ev.force,
                  ev.period.from.ToString(), ev.period.to.ToString(), shown.Text(ev.allegations));
  if (withheld) {
    sheet.note += fmt::format(
        ". Counts from 1 to {} are left empty, with the shares and medians they would give.",
        k - 1);
  }
  tables.push_back(std::move(sheet));
}

// "Engaged\n<its description>", or "Engaged\n(as for 4.1)" when a row above in the same table
// shows that description already: indicators read against their category's words would
// otherwise each carry the same paragraphs again.
std::string LevelCell(const Words& w, const report::Document& doc, Level level,
                      const std::string& description,
                      std::vector<std::pair<std::string, std::string>>& shown,
                      const std::string& subject) {
  for (const auto& [text, where] : shown) {
    if (text == description) {
      return fmt::format("{}\n({})", LevelTitle(level),
                         fmt::format(fmt::runtime(w.as_shown), where));
    }
  }
  shown.emplace_back(description, subject);
  return fmt::format("{}\n{}", LevelTitle(level), Framed(doc, description));
}

void AddRoadmap(const Words& w, std::span<const RoadmapStep> steps, report::Document& doc,
                std::vector<io::TableSheet>& tables) {
  doc.blocks.push_back(report::Heading{.text = w.roadmap});
  doc.blocks.push_back(
      report::Paragraph{.text = steps.empty() ? w.roadmap_empty : w.roadmap_intro});
  io::TableSheet sheet{.name = "Roadmap",
                       .columns = {"subject", "name", "current_level", "current_description",
                                   "next_level", "next_description", "descriptions", "gap"}};
  // A table per category: its step, then its indicators' steps (RoadmapOf's order).
  report::Table table;
  std::vector<std::pair<std::string, std::string>> shown;  // description, subject: this table's
  const auto flush = [&] {
    if (!table.rows.empty()) doc.blocks.push_back(std::move(table));
    table = report::Table{.columns = {{w.subject}, {w.name}, {w.now}, {w.next}}};
    shown.clear();
  };
  flush();
  for (const RoadmapStep& s : steps) {
    if (s.subject.find('.') == std::string::npos || table.rows.empty()) {
      flush();
      doc.blocks.push_back(
          report::Heading{.level = 2, .text = OneLine(fmt::format("{} {}", s.subject, s.name))});
    }
    std::string now = LevelCell(w, doc, s.current, s.current_description, shown, s.subject);
    std::string next =
        s.next ? LevelCell(w, doc, *s.next, s.next_description, shown, s.subject) : w.highest;
    table.rows.push_back({s.subject, s.name, std::move(now), std::move(next)});
    if (s.category_descriptions) table.footnote = w.category_levels;
    sheet.rows.push_back({s.subject, s.name, std::string(EnumName(s.current)),
                          s.current_description, NameCell(s.next),
                          s.next ? io::TableCell(s.next_description) : io::TableCell(),
                          std::string(s.category_descriptions ? "category" : "own"), s.gap});
  }
  flush();
  tables.push_back(std::move(sheet));
}

void AddMethod(const Words& w, const ScorecardInput& in, report::Document& doc) {
  doc.blocks.push_back(report::Heading{.text = w.method});
  doc.blocks.push_back(report::Paragraph{
      .text = fmt::format(fmt::runtime(w.method_text), EnumName(in.card.rule),
                          w.rules[static_cast<size_t>(in.card.rule)], in.framework.title,
                          in.card.edition, in.framework.source)});
}

io::TableSheet IndicatorSheet(const ScorecardInput& in,
                              const std::vector<std::vector<IndicatorLine>>& lines) {
  io::TableSheet sheet{
      .name = "Indicators",
      .columns = {"category", "indicator", "name", "level", "rationale", "evidence"}};
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const IndicatorLine& l : lines[i]) {
      const IndicatorScore* s = l.score;
      sheet.rows.push_back(
          {int64_t{in.card.categories[i].category_id}, l.id, l.name,
           NameCell(s ? std::optional(s->level) : std::nullopt),
           s ? io::TableCell(s->rationale) : io::TableCell(),
           s ? io::TableCell(static_cast<int64_t>(s->evidence.size())) : io::TableCell()});
    }
  }
  return sheet;
}

std::vector<io::TableCell> DecisionRow(std::string subject, std::string name,
                                       const std::optional<LevelDecision>& d) {
  if (!d) return {std::move(subject), std::move(name), {}, {}, {}, {}};
  return {std::move(subject),
          std::move(name),
          std::string(EnumName(d->computed())),
          std::string(EnumName(d->level())),
          std::string(d->overridden() ? "yes" : "no"),
          d->overridden() ? io::TableCell(d->reason()) : io::TableCell()};
}

io::TableSheet CategorySheet(const Scorecard& card) {
  io::TableSheet sheet{
      .name = "Categories",
      .columns = {"category", "name", "computed_level", "level", "overridden", "reason"}};
  for (const CategoryScore& c : card.categories) {
    sheet.rows.push_back(DecisionRow(std::to_string(c.category_id), c.name, c.level));
  }
  sheet.rows.push_back(DecisionRow(std::string(kOverallSubject), "Overall", card.overall));
  return sheet;
}

std::string CellText(const io::TableCell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return FormatDouble(*d);
  return "";
}

}  // namespace

Result<ScorecardDocument> BuildScorecard(const ScorecardInput& input) {
  CIVHARM_ASSIGN_OR_RETURN(const Words* w, WordsFor(kWords, input.language));
  const StateAssessment& a = input.assessment;
  ScorecardDocument out;
  report::Document& doc = out.document;
  doc.language = input.language;
  doc.title = OneLine(fmt::format(fmt::runtime(w->title), a.state));
  doc.subtitle = OneLine(fmt::format(fmt::runtime(w->subtitle), a.period.from.ToString(),
                                     a.period.to.ToString(), input.card.edition,
                                     w->status[static_cast<size_t>(a.status)]));
  doc.generated_at = ReportTime(w->generated);

  AddSummary(*w, input, doc);
  doc.blocks.push_back(report::Heading{.text = w->categories});
  std::vector<std::vector<IndicatorLine>> lines;
  for (const CategoryScore& c : input.card.categories) {
    lines.push_back(LinesOf(input.framework, c));
    AddCategory(*w, input, c, lines.back(), doc);
  }
  out.tables.push_back(IndicatorSheet(input, lines));
  out.tables.push_back(CategorySheet(input.card));
  std::vector<io::TableSheet> evidence;
  if (input.evidence) AddEvidence(*w, *input.evidence, doc, evidence);
  AddRoadmap(*w, input.roadmap, doc, out.tables);
  std::move(evidence.begin(), evidence.end(), std::back_inserter(out.tables));
  AddMethod(*w, input, doc);
  return out;
}

io::TableSheet ComparisonSheet(std::span<const StateAssessment> assessments,
                               std::span<const ComparisonRow> rows) {
  io::TableSheet sheet{.name = "Comparison", .columns = {"subject", "name"}};
  for (const StateAssessment& a : assessments) {
    std::string column =
        fmt::format("{} {}–{}", a.state, a.period.from.ToString(), a.period.to.ToString());
    if (a.status == ScoreStatus::kDraft) column += " (draft)";
    if (a.status == ScoreStatus::kUnderReview) column += " (under review)";
    sheet.columns.push_back(std::move(column));
  }
  for (const ComparisonRow& r : rows) {
    std::vector<io::TableCell> cells = {r.subject, r.name};
    for (size_t i = 0; i < assessments.size(); ++i) {
      cells.push_back(i < r.levels.size() ? NameCell(r.levels[i]) : io::TableCell());
    }
    sheet.rows.push_back(std::move(cells));
  }
  return sheet;
}

Status WriteComparisonCsv(const io::TableSheet& sheet, std::ostream& out) {
  std::string text;
  io::internal::AppendCsvRow(text, sheet.columns, ',');
  for (const std::vector<io::TableCell>& row : sheet.rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (const io::TableCell& cell : row) cells.push_back(CellText(cell));
    io::internal::AppendCsvRow(text, cells, ',');
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) return Unavailable("could not write the comparison CSV");
  return Status::Ok();
}

}  // namespace civharm::service
