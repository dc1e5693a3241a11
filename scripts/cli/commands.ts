import { auditCommands } from "./audit";
import type { Command } from "./command";
import { customerCommands } from "./customers";
import { dbCommands } from "./db";
import { gdprCommands } from "./gdpr";
import { mirrorCommands } from "./mirror";
import { partnerCommands } from "./partners";
import { userCommands } from "./users";

export const commands: Command[] = [
  ...dbCommands,
  ...userCommands,
  ...customerCommands,
  ...mirrorCommands,
  ...auditCommands,
  ...gdprCommands,
  ...partnerCommands,
];
