/** What a widget became, as far as templates reading `{{widgets.NAME.…}}` need to know. */
export interface WidgetRef {
  /** Id of the node it became. */
  nodeId: string;
  /**
   * What its results are called now: a gather's `digits`, a menu's `label` (the option a chat reply
   * chose), an HTTP node's `status` and `body`, a set-variables' variables (`{{widgets.NAME.key}}`
   * reads `{{vars.key}}`); `none` when the node leaves nothing to read.
   */
  results: "gather" | "menu" | "http" | "variables" | "none";
}

/** Widget name → what it became. */
export type WidgetRefs = ReadonlyMap<string, WidgetRef>;
