import { auditCommands } from "./audit";
import type { Command } from "./command";
import { dbCommands } from "./db";
import { userCommands } from "./users";

export const commands: Command[] = [...dbCommands, ...userCommands, ...auditCommands];
