-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "bodySha256" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_bodySha256_key" ON "WebhookEvent"("bodySha256");

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt");
