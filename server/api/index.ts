import "server-only";
import { apiHandler } from "./handler";
import { fromWebRequest, toWebResponse } from "./http";

export { apiHandler };

/** Next.js route handler for every method under /api/v1 (`next dev`, `next start`; `npm start` serves /api/v1 on its node:http front). */
export async function handleNextRequest(req: Request): Promise<Response> {
  return toWebResponse(await apiHandler()(fromWebRequest(req)));
}
