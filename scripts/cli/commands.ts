import { auditCommands } from "./audit";
import type { Command } from "./command";
import { customerCommands } from "./customers";
import { dbCommands } from "./db";
import { userCommands } from "./users";

export const commands: Command[] = [
  ...dbCommands,
  ...userCommands,
  ...customerCommands,
  ...auditCommands,
];
