import type { FieldDescriptor } from "../derive-fields";

export interface FieldControlProps<T = unknown> {
  /** DOM id of the control (label htmlFor) */
  id: string;
  field: FieldDescriptor;
  value: T;
  onChange: (value: T) => void;
  disabled: boolean;
  invalid: boolean;
  /** the whole config, for widgets that edit a field together with its siblings (schedule interval + unit) */
  config?: Readonly<Record<string, unknown>>;
  /** sets another top-level field of the same config */
  setField?: (name: string, value: unknown) => void;
}
