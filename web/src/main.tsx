import { render } from "preact";
import { App } from "./App";
import { applyLocale, locale } from "./i18n";
import "./style.css";

applyLocale(locale());
render(<App />, document.getElementById("app")!);
