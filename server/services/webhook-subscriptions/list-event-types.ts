import { z } from "zod";
import { PLATFORM_EVENTS, PLATFORM_EVENT_TYPES, eventEnvelopeSchema } from "@/lib/platform-events/catalog";

export interface EventTypeInfo {
  type: string;
  description: string;
  /** JSON Schema of the delivered `data` */
  dataSchema: Record<string, unknown>;
}

/** The catalog of platform events with the JSON Schema of each payload (public information: no permission needed beyond a session / key). */
export function listEventTypes(): { envelope: Record<string, unknown>; types: EventTypeInfo[] } {
  return {
    envelope: z.toJSONSchema(eventEnvelopeSchema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>,
    types: PLATFORM_EVENT_TYPES.map((type) => ({
      type,
      description: PLATFORM_EVENTS[type].description,
      dataSchema: z.toJSONSchema(PLATFORM_EVENTS[type].data, { io: "output", unrepresentable: "any" }) as Record<string, unknown>,
    })),
  };
}
