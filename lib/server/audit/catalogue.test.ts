import { describe, expect, it } from "vitest";
import { ACTION_GROUPS, AUDIT_ACTIONS, actionLabel, actionOptions } from "./catalogue";

describe("the audit catalogue's people-words", () => {
  it("gives every action a label of its own and a group, and the picker lists each once", () => {
    const labels = AUDIT_ACTIONS.map(actionLabel);
    for (const [i, label] of labels.entries()) {
      expect(label, AUDIT_ACTIONS[i]).not.toBe(AUDIT_ACTIONS[i]);
      expect(label, AUDIT_ACTIONS[i]).not.toMatch(/[._]/);
    }
    expect(new Set(labels).size).toBe(labels.length);
    const listed = actionOptions().flatMap((g) => g.options.map((o) => o.value));
    expect(listed.sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(actionOptions().map((g) => g.group)).toEqual(
      ACTION_GROUPS.filter((g) => actionOptions().some((o) => o.group === g)),
    );
    expect(actionLabel("customer.search.email")).toBe("Search by email");
    expect(actionLabel("no.such_action")).toBe("no.such_action");
  });

  it("lists only the actions a scope may see", () => {
    const only = ["customer.read", "customer.reveal"];
    expect(
      actionOptions(only)
        .flatMap((g) => g.options.map((o) => o.value))
        .sort(),
    ).toEqual(only);
  });
});
