// The signed-in person's own account (password, API tokens for scripts), and for those who may,
// the audit log: every change, who made it and when, chained by hash and verified on demand.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { date, num, t } from "../i18n";
import { can } from "../session";
import { Alert, Loading, useLoad, Head } from "../components/ui";
import { FormCard, Text, useForm } from "../components/forms";

interface Token {
  id: string;
  kind: string;
  label?: string;
  created_at: string;
  expires_at: string;
  active: boolean;
}

export function Account() {
  const pw = useForm({}, ["current_password", "new_password", "repeat"]);
  const changed = pw.submit(["current_password", "new_password", "repeat"], async () => {
    await send("POST", "/api/v1/auth/password", { current_password: pw.values.current_password, new_password: pw.values.new_password });
    pw.setValues({});
  }, t("account.changed"));
  const tokens = useLoad(() => get<{ items: Token[] }>("/api/v1/tokens"), []);
  const tk = useForm({ lifetime_days: "90" }, ["label", "lifetime_days"]);
  const [secret, setSecret] = useState<string>();
  const create = tk.submit(["label"], async () => {
    const r = await send<{ token: string }>("POST", "/api/v1/tokens", { label: tk.values.label.trim(), lifetime_days: Number(tk.values.lifetime_days) });
    setSecret(r.token);
    tk.setValues({ lifetime_days: "90" });
    tokens.reload();
  });
  return (
    <section>
      <h1>{t("account.title")}</h1>
      <FormCard
        title={t("account.password")}
        form={pw}
        onSubmit={(e) => {
          e.preventDefault();
          if (pw.values.new_password && pw.values.repeat && pw.values.new_password !== pw.values.repeat) {
            pw.errors.setErrors({ repeat: t("account.mismatch") });
            return;
          }
          changed();
        }}
        submit={t("account.change")}
      >
        <Text form={pw} name="current_password" label="account.current" type="password" />
        <Text form={pw} name="new_password" label="account.new" type="password" />
        <Text form={pw} name="repeat" label="account.repeat" type="password" />
      </FormCard>
      <h2>{t("account.tokens")}</h2>
      {secret && (
        <div class="alert ok" role="status">
          {t("account.tokenShown")} <code dir="ltr">{secret}</code>
        </div>
      )}
      <Alert error={tokens.error} />
      {tokens.data && (
        <table class="records">
          <Head columns={[t("account.label"), t("account.kind"), t("account.expires"), t("users.actions")]} />
          <tbody>
            {tokens.data.items.map((x) => (
              <tr>
                <td>{x.label}</td>
                <td>{x.kind}</td>
                <td>{date(x.expires_at, true)}</td>
                <td>
                  {x.active && (
                    <button type="button" onClick={() => send("POST", `/api/v1/tokens/${x.id}/revoke`).then(tokens.reload, tokens.reload)}>
                      {t("account.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormCard title={t("account.newToken")} form={tk} onSubmit={create} submit={t("account.createToken")}>
        <div class="pair">
          <Text form={tk} name="label" label="account.label" />
          <Text form={tk} name="lifetime_days" label="account.days" dir="ltr" />
        </div>
      </FormCard>
    </section>
  );
}

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity?: string;
  entity_id?: string;
}
interface Verification {
  ok: boolean;
  entries: number;
  first_bad: number | null;
  problem: string | null;
  head_hash: string;
}

export function Audit() {
  const [after, setAfter] = useState(0);
  const [stack, setStack] = useState<number[]>([]);
  const page = useLoad(() => get<{ items: AuditEntry[] }>("/api/v1/audit", { after, limit: 100 }), [after]);
  const [check, setCheck] = useState<Verification>();
  const [error, setError] = useState<unknown>();
  const items = page.data?.items ?? [];
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      {can("verify_audit") && (
        <p>
          <button
            type="button"
            onClick={() => {
              setError(undefined);
              get<Verification>("/api/v1/audit/verification").then(setCheck, setError);
            }}
          >
            {t("audit.verify")}
          </button>
        </p>
      )}
      <Alert error={error} />
      {check && (
        <Alert kind={check.ok ? "ok" : "error"}>
          {check.ok ? t("audit.ok", { entries: check.entries, hash: check.head_hash.slice(0, 16) }) : t("audit.bad", { seq: check.first_bad ?? "?", problem: check.problem ?? "" })}
        </Alert>
      )}
      <Alert error={page.error} />
      <Loading when={page.loading && !page.data} />
      <table class="records">
        <Head columns={["#", t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.entity")]} />
        <tbody>
          {items.map((e) => (
            <tr>
              <td class="num">{num(e.seq)}</td>
              <td>{date(e.at, true)}</td>
              <td>{e.actor}</td>
              <td dir="ltr">{e.action}</td>
              <td dir="ltr">
                {e.entity} {e.entity_id}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label={t("pager.label")}>
        <button type="button" disabled={stack.length === 0} onClick={() => { setAfter(stack[stack.length - 1]); setStack(stack.slice(0, -1)); }}>
          {t("pager.previous")}
        </button>
        <button type="button" disabled={items.length < 100} onClick={() => { setStack([...stack, after]); setAfter(items[items.length - 1].seq); }}>
          {t("pager.next")}
        </button>
      </nav>
    </section>
  );
}
