-- CreateTable
CREATE TABLE "IngestDeadLetter" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "siteId" TEXT,
    "payloadText" TEXT,
    "payloadBytes" BYTEA,
    "error" TEXT NOT NULL,
    "details" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestDeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlantSourceStatus" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "edgeNode" TEXT NOT NULL,
    "device" TEXT NOT NULL DEFAULT '',
    "online" BOOLEAN NOT NULL,
    "bdSeq" INTEGER,
    "workCenterCodes" TEXT[],
    "staleSince" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlantSourceStatus_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IngestDeadLetter_receivedAt_idx" ON "IngestDeadLetter"("receivedAt");

-- CreateIndex
CREATE INDEX "PlantSourceStatus_siteId_idx" ON "PlantSourceStatus"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "PlantSourceStatus_groupId_edgeNode_device_key" ON "PlantSourceStatus"("groupId", "edgeNode", "device");
