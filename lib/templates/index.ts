export {
  TEMPLATE_ROOTS,
  extractTemplateRefs,
  extractTemplatePaths,
  hasTemplate,
  singleTemplate,
  type TemplateRef,
  type TemplateRoot,
} from "./parse";
export {
  resolveTemplate,
  resolveDeep,
  lookupTemplatePath,
  SECRET_MASK,
  stringifyTemplateValue,
  formatConfigPath,
  type ResolveOptions,
  type ResolveResult,
  type ResolveDeepOptions,
  type ResolveDeepResult,
  type ConfigPath,
} from "./resolve";
export { buildStepsScope, scopeToData, formatToday, type TemplateScope } from "./scope";
