import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { getConnectionType, isSecretField } from "@/lib/connections/catalog";
import { parsePublicValues, parseSealedSecrets, splitAndSeal } from "@/server/connections/sealed";
import { connectionDescriptionField, connectionIdField, connectionNameField, connectionValuesField } from "./fields";
import type { ConnectionInfo } from "./present";
import { assertNameFree, CONNECTION_SELECT, findConnectionInWorkspace, isUniqueViolation, nameTaken, presentFor } from "./scope";
import { traceUsage } from "./usage";
import { checkValues } from "./values";

export const updateConnectionInput = z.object({
  id: connectionIdField,
  name: connectionNameField.optional(),
  description: connectionDescriptionField.optional(),
  /** Non-secret fields to change, and secrets to replace (a secret sent as "" stays as it is). */
  values: connectionValuesField.optional(),
  /** Key/value connections: keys to remove. */
  removeKeys: z.array(z.string().max(64)).max(60, "removeKeys: at most 60").optional(),
});
export type UpdateConnectionInput = z.input<typeof updateConnectionInput>;

/**
 * Edits a connection: name, description, non-secret values; replaces secrets
 * (write-only: the old value is never read back). Renaming is refused while a
 * template refers to the connection by name ({{connections.<name>.…}}), since
 * published versions cannot be rewritten.
 */
export async function updateConnection(actor: Actor, input: UpdateConnectionInput, db: Db = getDb()): Promise<ConnectionInfo> {
  assertCan(actor, "connections:write");
  const parsed = parseInput(updateConnectionInput, input);
  const row = await db
    .$transaction(async (tx) => {
      const current = await findConnectionInWorkspace(tx, actor, parsed.id);
      const sealedNow = parseSealedSecrets(current.secrets);
      for (const key of parsed.removeKeys ?? []) delete sealedNow[key];
      const def = getConnectionType(current.type);
      // An empty secret input means "keep the stored one" (it is never sent back to be edited).
      const submitted = Object.fromEntries(Object.entries(parsed.values ?? {}).filter(([field, v]) => !(v === "" && def && isSecretField(def, field) && field in sealedNow)));
      const publicNow = parsePublicValues(current.values);
      const merged = { ...publicNow, ...submitted };
      const { values } = checkValues(current.type, merged, new Set(Object.keys(sealedNow)));
      const now = new Date();
      const { publicValues, sealed } = splitAndSeal(current.type, values, { userId: actor.userId, at: now });
      // Only submitted secrets are re-sealed (with the new who/when); the others keep their sealed value and history.
      const replaced = Object.keys(sealed).filter((f) => f in submitted);
      const secrets = { ...sealedNow, ...Object.fromEntries(replaced.map((f) => [f, sealed[f]])) };

      const rename = parsed.name !== undefined && parsed.name !== current.name;
      if (rename) {
        await assertNameFree(tx, actor.workspaceId, parsed.name!, current.id);
        const byName = (await traceUsage(tx, actor.workspaceId, [{ id: "", name: current.name }])).get("") ?? [];
        if (byName.length > 0) {
          throw new AppError(
            "CONFLICT",
            `"${current.name}" is used by name in {{connections.${current.name}.…}} templates of ${byName.map((u) => `"${u.automationName}"`).join(", ")}; ` +
              "renaming it would break them (published versions cannot change). Create a new connection and switch to it instead.",
            { usage: byName },
          );
        }
      }
      const updated = await tx.connection.update({
        where: { id: current.id },
        data: {
          ...(rename ? { name: parsed.name } : {}),
          ...(parsed.description !== undefined ? { description: parsed.description } : {}),
          values: JSON.stringify(publicValues),
          secrets: JSON.stringify(secrets),
          updatedById: actor.userId,
        },
        select: CONNECTION_SELECT,
      });
      await writeAudit(tx, actor, {
        action: "connection.updated",
        targetType: "connection",
        targetId: current.id,
        details: { name: updated.name, secretsReplaced: replaced, keysRemoved: parsed.removeKeys ?? [], renamed: rename },
      });
      return updated;
    })
    .catch((e: unknown) => {
      throw isUniqueViolation(e) ? nameTaken(parsed.name ?? "") : e;
    });
  const [info] = await presentFor(db, actor, [row]);
  return info;
}
