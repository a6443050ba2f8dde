import type { NodeType } from "../../../../../flow-schema/nodes/catalog";
import type { UpdateDataOptions } from "../../store/editor-state";
import type { DataOf } from "../../store/flow-types";
import type { FieldErrors } from "../field-errors";

/** What every node type's form receives: its data, the problems in it, and how to change it. */
export interface FormProps<K extends NodeType> {
  data: DataOf<K>;
  errors: FieldErrors;
  onChange: (data: DataOf<K>, options?: UpdateDataOptions) => void;
}
