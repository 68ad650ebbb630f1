// User and role administration (manage_users): add people with roles and need-to-know groups,
// give or take roles, disable, enable, reset a password. A generated password is shown once.
import { useState } from "preact/hooks";
import { get, send } from "../api";
import { label, t } from "../i18n";
import type { User } from "../session";
import { Alert, Field, Loading, useFormErrors, useLoad, Head } from "../components/ui";
import { FormCard, Text, list, opt, useForm } from "../components/forms";

export const roles = [
  "admin",
  "analyst",
  "investigator",
  "response_officer",
  "publisher",
  "poc_adviser",
  "humanitarian_liaison",
  "external_reporter",
  "framework_assessor",
  "public",
] as const;

function RolePicker(props: { value: string[]; onChange: (v: string[]) => void; legend: string; error?: string }) {
  return (
    <fieldset class={`roles ${props.error ? "invalid" : ""}`}>
      <legend>{props.legend}</legend>
      {roles.map((r) => (
        <label class="check">
          <input
            type="checkbox"
            checked={props.value.includes(r)}
            onChange={(e) =>
              props.onChange(e.currentTarget.checked ? [...props.value, r] : props.value.filter((x) => x !== r))
            }
          />{" "}
          {label("role", r)}
        </label>
      ))}
      {props.error && (
        <div class="error" role="alert">
          {props.error}
        </div>
      )}
    </fieldset>
  );
}

export function Users() {
  const users = useLoad(() => get<{ items: User[] }>("/api/v1/users"), []);
  const [secret, setSecret] = useState<{ name: string; password: string }>();
  const [actionError, setActionError] = useState<unknown>();
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await fn();
      users.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <section>
      <h1>{t("users.title")}</h1>
      {secret && (
        <div class="alert ok" role="status">
          {t("users.password", { name: secret.name })} <code dir="ltr" data-testid="new-password">{secret.password}</code>
        </div>
      )}
      <Alert error={actionError ?? users.error} />
      <Loading when={users.loading && !users.data} />
      {users.data && (
        <table class="records">
          <Head columns={[t("users.name"), t("users.roles"), t("users.groups"), t("users.state"), t("users.actions")]} />
          <tbody>
            {users.data.items.map((u) => (
              <tr>
                <td>
                  <strong dir="ltr">{u.name}</strong>
                  {u.display_name && <div class="sub">{u.display_name}</div>}
                  {u.organisation && <div class="sub">{u.organisation}</div>}
                </td>
                <td>{u.roles.map((r) => label("role", r)).join(", ")}</td>
                <td>{(u.groups ?? []).join(", ")}</td>
                <td>{u.disabled ? t("users.disabled") : t("users.enabled")}</td>
                <td class="actions">
                  <button
                    type="button"
                    onClick={() => act(() => send("POST", `/api/v1/users/${encodeURIComponent(u.name)}/${u.disabled ? "enable" : "disable"}`))}
                  >
                    {u.disabled ? t("users.enable") : t("users.disable")}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        const r = await send<{ password?: string }>("POST", `/api/v1/users/${encodeURIComponent(u.name)}/password`, {});
                        if (r.password) setSecret({ name: u.name, password: r.password });
                      })
                    }
                  >
                    {t("users.reset")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RoleChange users={users.data?.items ?? []} onDone={users.reload} />
      <NewUser
        onDone={(name, password) => {
          if (password) setSecret({ name, password });
          users.reload();
        }}
      />
    </section>
  );
}

function RoleChange(props: { users: User[]; onDone: () => void }) {
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [groups, setGroups] = useState("");
  const form = useFormErrors(["name", "roles", "groups"]);
  const change = (verb: "grant" | "revoke") => async () => {
    form.clear();
    if (!name) return form.setErrors({ name: t("form.required") });
    const g = list(groups) ?? [];
    try {
      await send("POST", `/api/v1/users/${encodeURIComponent(name)}/${verb}`, {
        ...(chosen.length ? { roles: chosen } : {}),
        ...(g.length ? { groups: g } : {}),
      });
      setChosen([]);
      setGroups("");
      props.onDone();
    } catch (e) {
      form.show(e);
    }
  };
  return (
    <form class="card" onSubmit={(e) => e.preventDefault()} aria-labelledby="role-change">
      <h2 id="role-change">{t("users.change")}</h2>
      <Alert error={form.general} />
      <Field label={t("users.name")} error={form.errors.name}>
        {(id, d) => (
          <select id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.currentTarget.value)}>
            <option value="">{t("form.choose")}</option>
            {props.users.map((u) => (
              <option value={u.name}>{u.name}</option>
            ))}
          </select>
        )}
      </Field>
      <RolePicker legend={t("users.roles")} value={chosen} onChange={setChosen} error={form.errors.roles} />
      <Field label={t("users.groups")} hint={t("users.groupsHint")} error={form.errors.groups}>
        {(id, d) => <input id={id} aria-describedby={d} value={groups} onInput={(e) => setGroups(e.currentTarget.value)} />}
      </Field>
      <div class="actions">
        <button type="button" onClick={change("grant")}>
          {t("users.grant")}
        </button>
        <button type="button" onClick={change("revoke")}>
          {t("users.revoke")}
        </button>
      </div>
    </form>
  );
}

function NewUser(props: { onDone: (name: string, password?: string) => void }) {
  const form = useForm({}, ["name", "display_name", "organisation", "roles", "groups"]);
  const [chosen, setChosen] = useState<string[]>([]);
  const v = form.values;
  const create = form.submit(["name"], async () => {
    const r = await send<{ user: User; password?: string }>("POST", "/api/v1/users", {
      name: v.name.trim(),
      ...(opt(v.display_name) ? { display_name: opt(v.display_name) } : {}),
      ...(opt(v.organisation) ? { organisation: opt(v.organisation) } : {}),
      roles: chosen,
      groups: list(v.groups) ?? [],
    });
    form.setValues({});
    setChosen([]);
    props.onDone(r.user.name, r.password);
  });
  const submit = (e: Event) => {
    e.preventDefault();
    // Both problems at once: no name, and no role.
    if (chosen.length === 0) {
      return form.errors.setErrors({ roles: t("users.oneRole"), ...(v.name?.trim() ? {} : { name: t("form.required") }) });
    }
    create();
  };
  return (
    <FormCard title={t("users.add")} form={form} onSubmit={submit} submit={t("users.create")}>
      <Text form={form} name="name" label="users.name" />
      <Text form={form} name="display_name" label="users.displayName" />
      <Text form={form} name="organisation" label="users.organisation" />
      <RolePicker legend={t("users.roles")} value={chosen} onChange={setChosen} error={form.errors.errors.roles} />
      <Text form={form} name="groups" label="users.groups" />
    </FormCard>
  );
}
