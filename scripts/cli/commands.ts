import { auditCommands } from "./audit";
import type { Command } from "./command";
import { customerCommands } from "./customers";
import { dbCommands } from "./db";
import { gdprCommands } from "./gdpr";
import { keyCommands } from "./keys";
import { mirrorCommands } from "./mirror";
import { partnerCommands } from "./partners";
import { userCommands } from "./users";
import { workerCommands } from "./worker";

export const commands: Command[] = [
  ...dbCommands,
  ...userCommands,
  ...customerCommands,
  ...keyCommands,
  ...mirrorCommands,
  ...auditCommands,
  ...gdprCommands,
  ...partnerCommands,
  ...workerCommands,
];
