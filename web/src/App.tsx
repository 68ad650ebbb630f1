// The frame of every page: the header with the pages the signed-in role may use, the language
// chooser, and the page the address names.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Locale, applyLocale, locale, locales, t } from "./i18n";
import type { MessageKey } from "./messages";
import { type Route, useRoute } from "./router";
import { can, signOut, useSession } from "./session";
import { Loading } from "./components/ui";
import { Login } from "./pages/Login";
import { Incidents } from "./pages/Incidents";
import { IncidentPage } from "./pages/IncidentPage";
import { Portal, PublicStatus, PublicSubmit } from "./pages/Public";
import { Users } from "./pages/Users";
import { ReportIntake } from "./pages/ReportIntake";
import { CasePage } from "./pages/CasePage";
import { Cases } from "./pages/Cases";
import { Fusion } from "./pages/Fusion";
import { Releases } from "./pages/Releases";
import { Dashboards } from "./pages/Dashboards";
import { Files } from "./pages/Files";
import { Operations } from "./pages/Operations";
import { Account, Audit } from "./pages/Admin";
import { AssessmentPage, Assessments, Compare } from "./pages/Framework";

const links: { path: string; key: MessageKey; permission?: string }[] = [
  { path: "/incidents", key: "nav.incidents", permission: "read_incidents" },
  { path: "/reports/new", key: "nav.intake", permission: "write_reports" },
  { path: "/fusion", key: "nav.fusion", permission: "read_reports" },
  { path: "/cases", key: "nav.cases", permission: "read_cases" },
  { path: "/dashboards", key: "nav.dashboards", permission: "read_incidents" },
  { path: "/releases", key: "nav.releases", permission: "request_release" },
  { path: "/framework", key: "nav.framework", permission: "read_scores" },
  { path: "/operations", key: "nav.operations", permission: "read_operations" },
  { path: "/files", key: "nav.files", permission: "export" },
  { path: "/users", key: "nav.users", permission: "manage_users" },
  { path: "/audit", key: "nav.audit", permission: "read_audit" },
  { path: "/public", key: "nav.portal" },
];

function Page(props: { route: Route }): ComponentChildren {
  const s = props.route.segments;
  const session = useSession();
  if (s[0] === "public") {
    if (s[1] === "report") return <PublicSubmit />;
    if (s[1] === "status") return <PublicStatus />;
    return <Portal />;
  }
  if (session === undefined) return <Loading when />;
  if (s[0] === "login" || !session) return <Login next={props.route.params.get("next") ?? undefined} />;
  if (s[0] === "incidents" && s[1] && s[2] === "case") return <CasePage id={s[1]} />;
  if (s[0] === "incidents" && s[1]) return <IncidentPage id={s[1]} />;
  if (s[0] === "cases") return <Cases />;
  if (s[0] === "fusion") return <Fusion />;
  if (s[0] === "releases") return <Releases />;
  if (s[0] === "dashboards") return <Dashboards />;
  if (s[0] === "files") return <Files csrf={session.csrf_token} />;
  if (s[0] === "operations") return <Operations />;
  if (s[0] === "audit") return <Audit />;
  if (s[0] === "account") return <Account />;
  if (s[0] === "framework" && s[1] === "compare") return <Compare ids={props.route.params.get("ids") ?? ""} />;
  if (s[0] === "framework" && s[1]) return <AssessmentPage id={s[1]} />;
  if (s[0] === "framework") return <Assessments />;
  if (s[0] === "incidents" || s.length === 0) {
    return can("read_incidents") ? <Incidents route={props.route} /> : <Portal />;
  }
  if (s[0] === "reports" && s[1] === "new") return <ReportIntake />;
  if (s[0] === "users") return <Users />;
  return <p>{t("notFound")}</p>;
}

export function App() {
  const route = useRoute();
  const session = useSession();
  const [, setLocale] = useState<Locale>(locale());
  useEffect(() => applyLocale(locale()), []);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        {t("skip")}
      </a>
      <header class="top">
        <a class="brand" href="#/">
          civharm
        </a>
        <nav aria-label={t("nav.label")}>
          <ul>
            {links
              .filter((l) => !l.permission || can(l.permission))
              .map((l) => (
                <li>
                  <a href={`#${l.path}`} aria-current={route.path.startsWith(l.path) ? "page" : undefined}>
                    {t(l.key)}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div class="account">
          <label class="visually-hidden" for="language">
            {t("language")}
          </label>
          <select
            id="language"
            value={locale()}
            onChange={(e) => {
              const l = e.currentTarget.value as Locale;
              applyLocale(l);
              setLocale(l);
            }}
          >
            {locales.map((l) => (
              <option value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
          {session ? (
            <>
              <a class="who" data-testid="who" href="#/account" title={t("account.title")}>
                {session.user.display_name || session.user.name}
              </a>
              <button type="button" onClick={() => signOut().then(() => (location.hash = "#/login"))}>
                {t("nav.signOut")}
              </button>
            </>
          ) : (
            session === null && <a href="#/login">{t("nav.signIn")}</a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}
