import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { FlowDocument } from "../../../flow-schema/document";
import { importStudio, importWhatomate, isStudioFlow, isWhatomateGraph, MigrationError } from "../../../flow-schema/migrate/index";
import { ImportIssue } from "../../../flow-schema/migrate/import-issue";
import { Diagnostic } from "../../../flow-schema/validate/diagnostic";
import { type ValidationContext, validate } from "../../../flow-schema/validate/validate";
import { liveSubflows } from "../../flows/live-subflows";
import { publishFlow } from "../../flows/publish-flow";
import type { FlowRecord, FlowSummary as StoredSummary, FlowVersionInfo as StoredVersionInfo } from "../../store/flows-repo";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { checkDocument, refuseErrors } from "../document-check";
import { documentBytesLimit, refuseOverLimits } from "../document-limits";
import { DocumentBody, FlowDetail, FlowDocumentResponse, FlowIdParam, FlowSummary, FlowVersionDetail, FlowVersionInfo, iso, SubflowPinResponse, Validation } from "../schemas";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

export interface FlowsRoutesDeps {
  store: Store;
  /** Team ids a transfer may name, when teams exist. */
  knownTeams?: () => Promise<string[] | undefined>;
  /** The names and ids of the AI providers an ai_agent node may use. */
  knownAiProviders?: () => Promise<string[]>;
  /** The channels a send_message may name (id, name, type, enabled). */
  knownChannels?: () => Promise<{ id: string; name: string; type: string; enabled: boolean }[]>;
  /** The names of the flow's voice channels that cannot recognise speech (their menus take keys only). */
  speechlessChannels?: (flowId: string) => Promise<string[]>;
  /** Called after a flow's live version changed (publish, rollback, delete). */
  onLiveVersionChanged?: (flowId: string) => Promise<void>;
}

const summary = (flow: StoredSummary): z.infer<typeof FlowSummary> => ({
  id: flow.id,
  name: flow.name,
  revision: flow.revision,
  publishedVersion: flow.publishedVersion,
  status: flow.status,
  createdAt: iso(flow.createdAt),
  updatedAt: iso(flow.updatedAt),
  updatedBy: flow.updatedBy,
});
const versionInfo = (version: StoredVersionInfo): z.infer<typeof FlowVersionInfo> => ({
  number: version.number,
  contentHash: version.contentHash,
  note: version.note,
  author: version.author,
  createdAt: iso(version.createdAt),
  live: version.live,
});

const VersionParam = FlowIdParam.extend({
  n: z.coerce.number().int().min(1).meta({ param: { name: "n", in: "path" }, example: 1 }),
});

/** The flows API: drafts, validation, publishing, versions, rollback, import and export. */
export function flowsRoutes(deps: FlowsRoutesDeps): OpenAPIHono<AppEnv> {
  const { store } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");
  /** What validating `document` knows beyond it: the flows, teams, speechless channels, and the live versions of the flows it calls. */
  const context = async (document: unknown, flowId?: string): Promise<ValidationContext> => {
    const flows = await store.flows.listFlows();
    const teams = deps.knownTeams ? await deps.knownTeams() : undefined;
    const aiProviders = deps.knownAiProviders ? await deps.knownAiProviders() : undefined;
    const channels = deps.knownChannels ? await deps.knownChannels() : undefined;
    const speechless = flowId !== undefined && deps.speechlessChannels ? await deps.speechlessChannels(flowId) : undefined;
    return {
      knownFlows: flows.map((flow) => flow.id),
      subflows: await liveSubflows(store.flows, document),
      ...(teams ? { knownTeams: teams } : {}),
      ...(aiProviders ? { knownAiProviders: aiProviders } : {}),
      ...(channels ? { knownChannels: channels } : {}),
      ...(speechless ? { speechlessChannels: speechless } : {}),
    };
  };
  const detail = async (flow: FlowRecord): Promise<z.infer<typeof FlowDetail>> => ({
    ...summary(flow),
    document: flow.draft,
    diagnostics: validate(flow.draft, await context(flow.draft, flow.id)),
  });
  const mustGet = async (id: string): Promise<FlowRecord> => {
    const flow = await store.flows.getFlow(id);
    if (!flow) throw new ApiError(404, "flow_not_found", `flow ${id} does not exist`);
    return flow;
  };
  const changed = async (flowId: string) => deps.onLiveVersionChanged?.(flowId);

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["flows"], summary: "List flows", responses: { 200: jsonResponse(z.array(FlowSummary), "Every flow, by name"), ...errorResponses(401) } }),
    async (c) => c.json((await store.flows.listFlows()).map(summary), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["flows"],
      summary: "Create a flow from a document",
      middleware: [admin, documentBytesLimit],
      request: { body: jsonBody(DocumentBody, "A flow document; its id must be new") },
      responses: { 201: jsonResponse(FlowDetail, "Created; the draft is at revision 1"), ...errorResponses(400, 401, 403, 409, 413, 422) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { document, diagnostics } = checkDocument(body, await context(body));
      const created = await store.flows.createFlow(document, c.get("principal").name);
      if (!created.ok) throw fromStoreError(created.error);
      return c.json({ ...summary(created.value), document: created.value.draft, diagnostics }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/validate",
      tags: ["flows"],
      summary: "Validate a document without saving it",
      middleware: [documentBytesLimit],
      request: { body: jsonBody(z.unknown().meta({ description: "Any JSON: a flow document, an older one or a Whatomate graph" }), "The document") },
      responses: { 200: jsonResponse(Validation, "Diagnostics, errors first"), ...errorResponses(400, 401, 413) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const diagnostics = validate(body, await context(body));
      return c.json({ valid: !diagnostics.some((d) => d.severity === "error"), diagnostics }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/import",
      tags: ["flows"],
      summary: "Import a flow document, a Whatomate IVR graph or a Twilio Studio flow",
      middleware: [admin, documentBytesLimit],
      request: {
        query: z.object({
          id: z.string().optional().describe("Id for an imported Whatomate graph or Studio flow"),
          name: z.string().optional().describe("Name for an imported Whatomate graph or Studio flow (a Studio flow's own: its description)"),
          format: z
            .enum(["switchboard", "whatomate", "studio"])
            .optional()
            .describe("What the body is; by default it is detected (Studio: states and initial_state; Whatomate: version 2 and entry_node)"),
          replace: z.enum(["true", "false"]).optional().describe("Save over an existing flow's draft instead of answering 409"),
          dryRun: z.enum(["true", "false"]).optional().describe("Only convert and check: answer what would be imported, save nothing"),
        }),
        body: jsonBody(z.unknown(), "Our JSON, a Whatomate graph {version: 2, entry_node, nodes, edges}, or a Twilio Studio flow {description, states, initial_state, flags}"),
      },
      responses: {
        200: jsonResponse(
          z.object({ document: FlowDocumentResponse, diagnostics: z.array(Diagnostic), issues: z.array(ImportIssue), exists: z.boolean() }),
          "dryRun: what would be imported, and whether a flow with its id exists",
        ),
        201: jsonResponse(
          FlowDetail.extend({
            issues: z.array(ImportIssue).describe("What the import could not carry over (a Whatomate or Studio mapping, with JSON pointers into the source), a pattern the engine cannot run"),
          }),
          "Imported as a draft",
        ),
        ...errorResponses(400, 401, 403, 409, 413, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      let body: unknown = c.req.valid("json");
      let issues: z.infer<typeof ImportIssue>[] = [];
      const format = query.format ?? (isWhatomateGraph(body) ? "whatomate" : isStudioFlow(body) ? "studio" : "switchboard");
      if (format !== "switchboard") {
        refuseOverLimits(body);
        const importer = format === "studio" ? importStudio : importWhatomate;
        const imported = convert(() => importer(body, { ...(query.id ? { id: query.id } : {}), ...(query.name ? { name: query.name } : {}) }), format);
        body = imported.document;
        issues = imported.issues;
      }
      const checked = checkDocument(body, await context(body));
      const { document, diagnostics } = checked;
      issues = [...issues, ...checked.issues];
      const existing = await store.flows.getFlow(document.id);
      if (query.dryRun === "true") return c.json({ document, diagnostics, issues, exists: existing !== undefined }, 200);
      if (existing && query.replace !== "true") {
        throw new ApiError(409, "flow_exists", `flow ${document.id} already exists; send ?replace=true to save over its draft`, { id: document.id });
      }
      const saved = existing
        ? await store.flows.saveDraft(document.id, document, existing.revision, c.get("principal").name)
        : await store.flows.createFlow(document, c.get("principal").name);
      if (!saved.ok) throw fromStoreError(saved.error);
      const flow = await mustGet(document.id);
      return c.json({ ...summary(flow), document: flow.draft, diagnostics, issues }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["flows"],
      summary: "Get a flow with its draft",
      request: { params: FlowIdParam },
      responses: { 200: jsonResponse(FlowDetail, "The flow, its draft document and the draft's diagnostics"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await detail(await mustGet(c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}",
      tags: ["flows"],
      summary: "Save the draft",
      middleware: [admin, documentBytesLimit],
      request: {
        params: FlowIdParam,
        body: jsonBody(
          z.object({ document: DocumentBody, baseRevision: z.number().int().min(1).describe("The revision this edit started from") }),
          "The new draft and the revision it is based on",
        ),
      },
      responses: {
        200: jsonResponse(FlowDetail, "Saved; revision is the new one"),
        ...errorResponses(400, 401, 403, 404, 413, 422),
        409: jsonResponse(
          z.object({ error: z.object({ code: z.literal("revision_conflict"), message: z.string(), details: z.object({ currentRevision: z.number().int() }) }) }),
          "Someone saved since baseRevision; details.currentRevision is the current one",
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { document: body, baseRevision } = c.req.valid("json");
      const { document } = checkDocument(body, await context(body));
      if (document.id !== id) throw new ApiError(400, "invalid_request", `body.document.id: "${document.id}" is not this flow's id "${id}"`);
      const saved = await store.flows.saveDraft(id, document, baseRevision, c.get("principal").name);
      if (!saved.ok) {
        const error = saved.error;
        throw fromStoreError(error, "currentRevision" in error ? { currentRevision: error.currentRevision } : undefined);
      }
      return c.json(await detail(await mustGet(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["flows"],
      summary: "Delete a flow (running sessions finish on their version)",
      middleware: [admin],
      request: { params: FlowIdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const deleted = await store.flows.deleteFlow(id);
      if (!deleted.ok) throw fromStoreError(deleted.error);
      await changed(id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/publish",
      tags: ["flows"],
      summary: "Publish the draft as a new version",
      middleware: [admin],
      request: {
        params: FlowIdParam,
        body: jsonBody(
          z.object({
            note: z.string().max(2000).optional(),
            baseRevision: z.number().int().min(1).optional().describe("Publish only if the draft is still at this revision"),
          }),
          "A note for the version",
        ),
      },
      responses: {
        201: jsonResponse(FlowVersionInfo.extend({ pins: z.array(SubflowPinResponse) }), "The new live version, and the version of each flow its subflow nodes call"),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { note, baseRevision } = c.req.valid("json");
      const flow = await mustGet(id);
      refuseErrors(validate(flow.draft, await context(flow.draft)));
      const published = await publishFlow(store.flows, id, {
        author: c.get("principal").name,
        note: note ?? null,
        ...(baseRevision === undefined ? {} : { baseRevision }),
      });
      if (!published.ok) {
        const error = published.error;
        throw fromStoreError(error, "currentRevision" in error ? { currentRevision: error.currentRevision } : undefined);
      }
      await changed(id);
      return c.json({ ...versionInfo(published.value), pins: published.value.pins }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/versions",
      tags: ["flows"],
      summary: "List published versions, newest first",
      request: { params: FlowIdParam },
      responses: { 200: jsonResponse(z.array(FlowVersionInfo), "Versions"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const versions = await store.flows.listVersions(id);
      if (!versions) throw new ApiError(404, "flow_not_found", `flow ${id} does not exist`);
      return c.json(versions.map(versionInfo), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/versions/{n}",
      tags: ["flows"],
      summary: "Get one published version with its document",
      request: { params: VersionParam },
      responses: { 200: jsonResponse(FlowVersionDetail, "The version"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id, n } = c.req.valid("param");
      const version = await store.flows.getVersion(id, n);
      if (!version) throw new ApiError(404, "version_not_found", `flow ${id} has no version ${n}`);
      return c.json({ ...versionInfo(version), document: version.document }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/rollback",
      tags: ["flows"],
      summary: "Publish an old version again (it becomes the draft too)",
      middleware: [admin],
      request: { params: FlowIdParam, body: jsonBody(z.object({ version: z.number().int().min(1) }), "The version to go back to") },
      responses: {
        201: jsonResponse(z.object({ version: FlowVersionInfo, revision: z.number().int() }), "The new live version and the draft's new revision"),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("json");
      const rolled = await store.flows.rollback(id, version, c.get("principal").name);
      if (!rolled.ok) throw fromStoreError(rolled.error);
      await changed(id);
      return c.json({ version: versionInfo(rolled.value.version), revision: rolled.value.revision }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/export",
      tags: ["flows"],
      summary: "Download the draft (or ?version=n) as a flow document",
      request: { params: FlowIdParam, query: z.object({ version: z.coerce.number().int().min(1).optional() }) },
      responses: { 200: { description: "The flow document as a JSON file (application/json), pretty-printed" }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("query");
      let document: FlowDocument;
      if (version === undefined) document = (await mustGet(id)).draft;
      else {
        const found = await store.flows.getVersion(id, version);
        if (!found) throw new ApiError(404, "version_not_found", `flow ${id} has no version ${version}`);
        document = found.document;
      }
      c.header("content-disposition", `attachment; filename="${id}${version === undefined ? "" : `.v${version}`}.json"`);
      c.header("content-type", "application/json; charset=utf-8");
      return c.body(`${JSON.stringify(document, null, 2)}\n`, 200);
    },
  );

  return app;
}

/** Runs an importer; a body that is not of its format is 422 naming the field, not a server error. */
function convert<T>(run: () => T, format: string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof MigrationError) {
      throw new ApiError(422, "flow_invalid", `this is not a ${format === "studio" ? "Twilio Studio flow" : "Whatomate IVR graph"}: ${error.message}`, {
        format,
        ...(error.path === undefined ? {} : { path: error.path }),
      });
    }
    throw error;
  }
}
