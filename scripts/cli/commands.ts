import type { Command } from "./command";
import { dbCommands } from "./db";

export const commands: Command[] = [...dbCommands];
