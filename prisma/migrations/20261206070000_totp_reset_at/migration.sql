-- When an admin last reset a user's second factor (the enrolment page says why it is asked again).
ALTER TABLE "User" ADD COLUMN "totpResetAt" TIMESTAMP(3);
