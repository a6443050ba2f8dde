import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flows } from "../../drizzle/schema";
import { changes, isForeignKeyViolation } from "#store-dialect";
import type { CreateChannelInput } from "./channels-repo";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("channels");
  await changes(t.db.insert(flows).values({ id: "support", name: "Support", draft: "{}", draftHash: "h", createdAt: t.clock.time, updatedAt: t.clock.time }));
});
afterEach(() => t.dispose());

const input: CreateChannelInput = { type: "twilio_voice", name: "Main line", flowId: "support", credentials: "v1.sealed", settings: { phoneNumber: "+15550001111" }, enabled: true, status: "setup" };

describe("ChannelsRepo", () => {
  it("creates, reads, lists by name, updates and deletes channels", async () => {
    const created = await t.store.channels.createChannel(input);
    expect(created).toMatchObject({ ...input, statusMessage: null, createdAt: t.clock.time, updatedAt: t.clock.time });
    await t.store.channels.createChannel({ ...input, name: "A line", type: "telegram" });
    expect((await t.store.channels.listChannels()).map((channel) => channel.name)).toEqual(["A line", "Main line"]);

    t.clock.advance(1000);
    const updated = await t.store.channels.updateChannel(created.id, { name: "Renamed", enabled: false, settings: { phoneNumber: "+15550002222" } });
    expect(updated).toMatchObject({ name: "Renamed", enabled: false, settings: { phoneNumber: "+15550002222" }, credentials: "v1.sealed", updatedAt: t.clock.time });
    expect(await t.store.channels.getChannel(created.id)).toEqual(updated);

    expect(await t.store.channels.updateChannel("nope", { name: "x" })).toBeUndefined();
    expect(await t.store.channels.deleteChannel(created.id)).toBe(true);
    expect(await t.store.channels.deleteChannel(created.id)).toBe(false);
    expect(await t.store.channels.getChannel(created.id)).toBeUndefined();
  });

  it("keeps rows read in memory until a write through the repository changes them", async () => {
    const { id } = await t.store.channels.createChannel(input);
    const first = await t.store.channels.getChannel(id);
    expect(await t.store.channels.getChannel(id)).toBe(first);
    await t.store.channels.setStatus(id, "active");
    const afterStatus = await t.store.channels.getChannel(id);
    expect(afterStatus).not.toBe(first);
    expect(afterStatus).toMatchObject({ status: "active" });
    expect(await t.store.channels.setStatus(id, "active")).toBe(false);
    expect(await t.store.channels.getChannel(id)).toBe(afterStatus); // nothing changed, nothing re-read
    await t.store.channels.updateChannel(id, { enabled: false });
    expect(await t.store.channels.getChannel(id)).toMatchObject({ enabled: false });
    await t.store.channels.deleteChannel(id);
    expect(await t.store.channels.getChannel(id)).toBeUndefined();
  });

  it("sets the status only when it changes", async () => {
    const { id } = await t.store.channels.createChannel(input);
    expect(await t.store.channels.setStatus(id, "active")).toBe(true);
    expect(await t.store.channels.setStatus(id, "active")).toBe(false);
    expect(await t.store.channels.setStatus(id, "error", "the provider refused the credentials")).toBe(true);
    expect(await t.store.channels.setStatus(id, "error", "the provider refused the credentials")).toBe(false);
    expect(await t.store.channels.setStatus(id, "error", "another reason")).toBe(true);
    expect(await t.store.channels.getChannel(id)).toMatchObject({ status: "error", statusMessage: "another reason" });
    expect(await t.store.channels.setStatus(id, "error")).toBe(true);
    expect(await t.store.channels.getChannel(id)).toMatchObject({ status: "error", statusMessage: null });
  });

  it("refuses a channel bound to a flow that does not exist", async () => {
    await expect(t.store.channels.createChannel({ ...input, flowId: "ghost" })).rejects.toSatisfy(isForeignKeyViolation);
  });
});
