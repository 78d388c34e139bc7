import type { FieldDescriptor } from "../derive-fields";

export interface FieldControlProps<T = unknown> {
  /** DOM id of the control (label htmlFor) */
  id: string;
  field: FieldDescriptor;
  value: T;
  onChange: (value: T) => void;
  disabled: boolean;
  invalid: boolean;
}
