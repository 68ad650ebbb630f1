import { useState } from "preact/hooks";
import { t } from "../i18n";
import { navigate } from "../router";
import { signIn } from "../session";
import { Alert, Field, useFormErrors } from "../components/ui";

export function Login(props: { next?: string }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(["name", "password"]);
  const submit = async (e: Event) => {
    e.preventDefault();
    form.clear();
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t("form.required");
    if (!password) missing.password = t("form.required");
    if (Object.keys(missing).length) return form.setErrors(missing);
    setBusy(true);
    try {
      await signIn(name.trim(), password);
      navigate(props.next || "/incidents");
    } catch (err) {
      form.show(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="narrow">
      <h1>{t("login.title")}</h1>
      <form onSubmit={submit} noValidate>
        <Alert error={form.general} />
        <Field label={t("login.name")} error={form.errors.name}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              aria-invalid={!!form.errors.name}
              autocomplete="username"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t("login.password")} error={form.errors.password}>
          {(id, d) => (
            <input
              id={id}
              type="password"
              aria-describedby={d}
              aria-invalid={!!form.errors.password}
              autocomplete="current-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
      <p class="aside">
        <a href="#/public">{t("nav.portal")}</a> · <a href="#/public/report">{t("nav.submit")}</a> ·{" "}
        <a href="#/public/status">{t("nav.status")}</a>
      </p>
    </section>
  );
}
