import { escapeSegment } from "../../json-pointer";
import type { IssueLog } from "../issue-log";
import { type ConfigOwner, ConfigReader } from "../whatomate/config-reader";
import { rewriteLiquid } from "./liquid";
import type { WidgetRefs } from "./widget-refs";

/**
 * A Studio widget's `properties`, read leniently (the shared ConfigReader, in its loose mode:
 * `"true"` and `"5"` are accepted) with Liquid rewritten into Switchboard templates. Every Liquid
 * expression kept verbatim is reported with its JSON pointer.
 */
export class WidgetProperties extends ConfigReader {
  constructor(
    properties: Readonly<Record<string, unknown>>,
    owner: ConfigOwner,
    log: IssueLog,
    private readonly widgets: WidgetRefs,
    /** Collects the variables the flow reads that come from outside it (see LiquidRewrite.inputs). */
    private readonly inputs: Set<string>,
  ) {
    super(properties, owner, log, { container: "properties", loose: true });
  }

  /** Text under `key` with its Liquid rewritten; undefined when absent or blank. */
  liquid(key: string): string | undefined {
    const text = this.string(key);
    return text === undefined || text.trim() === "" ? undefined : this.liquidAt(text, this.at(key));
  }

  /** Rewrites the Liquid of `text` found at `pointer` (a JSON pointer into the Studio file), reporting what stays verbatim. */
  liquidAt(text: string, pointer: string): string {
    const result = rewriteLiquid(text, this.widgets);
    for (const name of result.inputs) this.inputs.add(name);
    for (const { liquid, why } of result.verbatim) {
      this.report("warning", `Liquid ${liquid} is kept as it is (${why}); rewrite it as a Switchboard template`, pointer);
    }
    return result.text;
  }

  /** JSON pointer to a place in one of the widget's transitions. */
  transition(index: number, ...segments: Array<string | number>): string {
    return [`${this.owner.pointer}/transitions/${index}`, ...segments.map((segment) => escapeSegment(segment))].join("/");
  }
}
