export { BUILT_IN_EVENT_TYPES, builtInEventTypesByCategory, getBuiltInEventType, type EventFilterField, type EventTypeDefinition } from "./event-types";
export {
  customEventTypeNameProblem,
  deprecatedEventTypeMessage,
  eventTypeNameProblem,
  DEPRECATED_EVENT_TYPES,
  EVENT_TYPE_NAME_RULE,
  FILTER_KEY_RE,
  RESERVED_EVENT_TYPE_NAMES,
} from "./names";
export { availableVariables, triggerVariablePaths } from "./variables";
export { eventFilterProblems, triggerSample } from "./event-config";
