import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { type Channel as ChannelData, ChannelStatus, ChannelType } from "../../channels/channel-config";
import type { ChannelRuntime } from "../../channels/channel-runtime";
import { ChannelTypeChange } from "../../channels/channel-service";
import { maskCredentials } from "../../channels/mask-credentials";
import { SecretBoxError } from "../../secrets/secret-box";
import type { ChannelRecord } from "../../store/channels-repo";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { iso, Timestamp } from "../schemas";
import { invalidRequest, validationHook } from "../validation-hook";

const CREDENTIALS_HELP =
  "Per type — twilio_voice, twilio_messaging: {accountSid, authToken}; whatsapp_cloud: {accessToken, appSecret, verifyToken, phoneNumberId}; telegram: {botToken, secretToken}; webchat: {}. Answers mask secrets (••••••1234); send a masked value back to keep the stored secret.";

export const Channel = z
  .object({
    id: z.string(),
    type: ChannelType,
    name: z.string(),
    flowId: z.string().describe("Its conversations run this flow's published version"),
    enabled: z.boolean(),
    status: ChannelStatus,
    statusMessage: z.string().nullable(),
    credentials: z.record(z.string(), z.string()).describe(CREDENTIALS_HELP),
    settings: z.record(z.string(), z.unknown()).describe("Per type — webchat: {allowedOrigins}; twilio_voice: {phoneNumber?}; twilio_messaging: {phoneNumber?, whatsapp?}; whatsapp_cloud: {apiVersion?}"),
    webhookUrls: z
      .record(z.string(), z.string())
      .describe("What to configure at the provider — twilio_voice: {voice, statusCallback}; twilio_messaging: {messaging}; whatsapp_cloud: {callback} (GET handshake + POST); telegram: {webhook} (POST /set-webhook registers it)"),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Channel" });
type ChannelView = z.infer<typeof Channel>;

const Name = z.string().trim().min(1).max(100);
const FlowId = z.string().min(1).max(100);
/** Where a WhatsApp channel names its calling flow (checked for existence; the type's own schema checks the rest). */
const CallingFlow = z.looseObject({ calling: z.looseObject({ flowId: z.string().optional() }).optional() });
const Credentials = z.record(z.string(), z.unknown()).describe(CREDENTIALS_HELP);
const Settings = z.record(z.string(), z.unknown());

const CreateChannel = z.object({ type: ChannelType, name: Name, flowId: FlowId, enabled: z.boolean().optional(), credentials: Credentials.optional(), settings: Settings.optional() });
const UpdateChannel = z.object({
  type: ChannelType.optional().describe("Only the channel's own type (a channel never changes type)"),
  name: Name.optional(),
  flowId: FlowId.optional(),
  enabled: z.boolean().optional(),
  credentials: Credentials.optional(),
  settings: Settings.optional(),
});
const ChannelIdParam = z.object({ id: z.string().min(1).max(100).meta({ param: { name: "id", in: "path" } }) });

/** Channels as data: CRUD with credentials sealed at rest and masked in every answer. */
export function channelsRoutes(channels: ChannelRuntime): OpenAPIHono<AppEnv> {
  const { store, service, drivers, context } = channels;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");

  const view = (record: ChannelRecord): ChannelView => {
    const base = { id: record.id, type: record.type, name: record.name, flowId: record.flowId, enabled: record.enabled, createdAt: iso(record.createdAt), updatedAt: iso(record.updatedAt) };
    try {
      const channel = service.open(record);
      const driver = drivers.find((candidate) => candidate.type === channel.type);
      return {
        ...base,
        status: channel.status,
        statusMessage: channel.statusMessage,
        credentials: maskCredentials(channel.type, channel.credentials),
        settings: channel.settings,
        webhookUrls: driver?.webhookUrls(channel, context.publicUrl) ?? {},
      };
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      return { ...base, status: "error", statusMessage: "the credentials cannot be opened with this server's secret key: enter them again", credentials: {}, settings: {}, webhookUrls: {} };
    }
  };
  const mustGet = async (id: string): Promise<ChannelRecord> => {
    const record = await service.getRecord(id);
    if (record === undefined) throw new ApiError(404, "channel_not_found", `channel ${id} does not exist`);
    return record;
  };
  /** The flow must exist; a flow without a published version is allowed, and said. */
  /** A WhatsApp channel's calling flow (`settings.calling.flowId`) must exist too. */
  const callingFlowExists = async (settings: unknown): Promise<void> => {
    const calling = CallingFlow.safeParse(settings);
    const flowId = calling.success ? calling.data.calling?.flowId : undefined;
    if (flowId !== undefined && (await store.flows.getFlow(flowId)) === undefined) throw new ApiError(400, "invalid_request", `body.settings.calling.flowId: flow ${flowId} does not exist`);
  };
  const flowNote = async (flowId: string): Promise<string | null> => {
    const flow = await store.flows.getFlow(flowId);
    if (flow === undefined) throw new ApiError(400, "invalid_request", `body.flowId: flow ${flowId} does not exist`);
    return flow.publishedVersion === null ? `flow ${flowId} has no published version yet: conversations get an apology until it is published` : null;
  };

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["channels"], summary: "List channels", responses: { 200: jsonResponse(z.array(Channel), "Every channel, by name"), ...errorResponses(401) } }),
    async (c) => c.json((await service.listRecords()).map(view), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["channels"],
      summary: "Create a channel",
      middleware: [admin],
      request: { body: jsonBody(CreateChannel, "The channel; credentials and settings are checked against its type") },
      responses: { 201: jsonResponse(Channel, "Created (status setup, or inactive when disabled)"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const statusMessage = await flowNote(body.flowId);
      await callingFlowExists(body.settings);
      const created = await service.create({ ...body, statusMessage });
      if (!created.ok) throw invalidRequest("json", created.error);
      return c.json(view(await mustGet(created.value.id)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["channels"],
      summary: "Get a channel",
      request: { params: ChannelIdParam },
      responses: { 200: jsonResponse(Channel, "The channel, secrets masked"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(view(await mustGet(c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}",
      tags: ["channels"],
      summary: "Change a channel",
      middleware: [admin],
      request: { params: ChannelIdParam, body: jsonBody(UpdateChannel, "The fields to change; masked secrets sent back keep the stored ones") },
      responses: { 200: jsonResponse(Channel, "The channel"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      await mustGet(id);
      const statusMessage = body.flowId === undefined ? undefined : await flowNote(body.flowId);
      await callingFlowExists(body.settings);
      const updated = await service.update(id, { ...body, ...(statusMessage === undefined ? {} : { statusMessage }) });
      if (updated === undefined) throw new ApiError(404, "channel_not_found", `channel ${id} does not exist`);
      if (!updated.ok) {
        const error = updated.error;
        if (error instanceof ChannelTypeChange) throw new ApiError(400, "invalid_request", `body.${error.message}`);
        throw invalidRequest("json", error);
      }
      return c.json(view(await mustGet(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["channels"],
      summary: "Delete a channel (its sessions stay in the call logs)",
      middleware: [admin],
      request: { params: ChannelIdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await service.delete(id))) throw new ApiError(404, "channel_not_found", `channel ${id} does not exist`);
      return c.body(null, 204);
    },
  );

  /** The channel with its credentials opened, for an action (409 when this server's key cannot open them). */
  const openChannel = async (id: string): Promise<ChannelData> => {
    await mustGet(id);
    try {
      const channel = await service.get(id);
      if (channel === undefined) throw new ApiError(404, "channel_not_found", `channel ${id} does not exist`);
      return channel;
    } catch (error) {
      if (error instanceof SecretBoxError) throw new ApiError(409, "channel_unreadable", `channel ${id}: its credentials cannot be opened with this server's secret key: enter them again`);
      throw error;
    }
  };
  const driverOf = (channel: ChannelData) => drivers.find((candidate) => candidate.type === channel.type);

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/check",
      tags: ["channels"],
      summary: "Check a channel's credentials with its provider",
      description:
        "Calls the provider's API with the stored credentials — Twilio: GET /2010-04-01/Accounts/{AccountSid}.json; WhatsApp Cloud: GET /{apiVersion}/{phoneNumberId}; Telegram: getMe, then getWebhookInfo (a webhook URL other than the channel's is reported) — and sets the channel's status: active (or inactive when disabled) with what the provider said, or error with what to fix. Web chat has no provider to call: its check verifies the allowed origins.",
      middleware: [admin],
      request: { params: ChannelIdParam },
      responses: { 200: jsonResponse(Channel, "The channel, its status and statusMessage updated"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const channel = await openChannel(id);
      const driver = driverOf(channel);
      if (driver?.check === undefined) throw new ApiError(400, "not_supported", `a ${channel.type} channel has no provider API to check`);
      const result = await driver.check(channel, context);
      const flow = await store.flows.getFlow(channel.flowId);
      const unpublished = flow === undefined || flow.publishedVersion === null ? `${result.message}; but flow ${channel.flowId} has no published version: publish it` : undefined;
      if (!result.ok) await service.setStatus(id, "error", result.message);
      else if (!channel.enabled) await service.setStatus(id, "inactive", result.message);
      else if (unpublished !== undefined) await service.setStatus(id, "error", unpublished);
      else await service.setStatus(id, "active", result.message);
      context.log(`channel ${id}: check ${result.ok ? "passed" : "failed"}: ${result.message}`);
      return c.json(view(await mustGet(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/set-webhook",
      tags: ["channels"],
      summary: "Register the channel's webhook at its provider (Telegram)",
      description:
        'Telegram: setWebhook with url = the channel\'s webhook URL (webhookUrls.webhook, under PUBLIC_URL), secret_token = its secret token, allowed_updates ["message", "callback_query"]. A refusal puts the channel in error with what to fix. 400 not_supported for the other types (their webhook URLs are pasted in the provider\'s console).',
      middleware: [admin],
      request: { params: ChannelIdParam },
      responses: { 200: jsonResponse(Channel, "The channel, its statusMessage saying what happened"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const channel = await openChannel(id);
      const driver = driverOf(channel);
      if (driver?.registerWebhook === undefined) throw new ApiError(400, "not_supported", `a ${channel.type} channel's webhook is configured in the provider's console: paste its webhookUrls there`);
      const result = await driver.registerWebhook(channel, context);
      await service.setStatus(id, result.ok ? channel.status === "error" ? "setup" : channel.status : "error", result.message);
      context.log(`channel ${id}: set-webhook ${result.ok ? "done" : "failed"}: ${result.message}`);
      return c.json(view(await mustGet(id)), 200);
    },
  );

  return app;
}
