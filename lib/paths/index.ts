export { parsePath, formatPath, type PathParseResult } from "./parse";
export { getPath, lookupPath, lookupSegments, type PathLookup } from "./get";
