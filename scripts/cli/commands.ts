import { auditCommands } from "./audit";
import type { Command } from "./command";
import { customerCommands } from "./customers";
import { dbCommands } from "./db";
import { partnerCommands } from "./partners";
import { userCommands } from "./users";

export const commands: Command[] = [
  ...dbCommands,
  ...userCommands,
  ...customerCommands,
  ...auditCommands,
  ...partnerCommands,
];
