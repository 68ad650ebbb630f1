// A bar chart drawn with Observable Plot, with its numbers in a table beside it: the chart for the
// eye, the table for screen readers, for copying, and for exact figures.
import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "preact/hooks";
import { locale, t } from "../i18n";

export function Chart<R extends Record<string, string | number>>(props: {
  title: string;
  rows: R[];
  x: keyof R & string;
  y: keyof R & string;
  columns: { key: keyof R & string; label: string }[];
  // Rows whose count is not published ("<5"): no bar, but this text at the baseline, so that
  // a suppressed period does not look like a period without incidents.
  note?: keyof R & string;
}) {
  const div = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!div.current) return;
    const plot = Plot.plot({
      height: 240,
      width: Math.max(320, div.current.clientWidth || 640),
      marginBottom: 50,
      x: { type: "band", label: null, tickRotate: -45 },
      y: { grid: true, label: null, tickFormat: (n: number) => new Intl.NumberFormat(locale()).format(n) },
      marks: [
        Plot.barY(props.rows, { x: props.x, y: props.y, fill: "#2f6690" }),
        ...(props.note
          ? [Plot.text(props.rows.filter((r) => r[props.note!]), { x: props.x, y: 0, text: props.note, dy: -8, fill: "#4a5360" })]
          : []),
        Plot.ruleY([0]),
      ],
    });
    plot.setAttribute("aria-hidden", "true");
    div.current.replaceChildren(plot);
  }, [JSON.stringify(props.rows), locale()]);
  return (
    <figure class="chart">
      <div ref={div} class="plot" dir="ltr" />
      <details>
        <summary>{t("chart.table")}</summary>
        <table class="records">
          <caption>{props.title}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th scope="col">{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                {props.columns.map((c) => (
                  <td>{r[c.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
