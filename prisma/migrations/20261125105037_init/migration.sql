-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ErpSystem" AS ENUM ('SAP', 'ORACLE');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('CREATED', 'RELEASED', 'HELD', 'STARTED', 'PAUSED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "MachineStateKind" AS ENUM ('RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE');

-- CreateEnum
CREATE TYPE "ShiftStatus" AS ENUM ('ON_SHIFT', 'ROSTERED', 'OFF');

-- CreateEnum
CREATE TYPE "RecommendationStatus" AS ENUM ('PENDING', 'APPROVED', 'AUTO_APPROVED', 'POSTED', 'POST_FAILED', 'REJECTED', 'HELD', 'EXPIRED', 'WITHDRAWN', 'SHADOW');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('APPROVE', 'REJECT', 'HOLD');

-- CreateEnum
CREATE TYPE "PostingState" AS ENUM ('QUEUED', 'POSTING', 'POSTED', 'RETRYING', 'FAILED', 'IN_DOUBT', 'ABANDONED');

-- CreateEnum
CREATE TYPE "AutonomyMode" AS ENUM ('OFF', 'SHADOW', 'SUPERVISED', 'AUTO');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('SUPERVISOR', 'ACCOUNTANT', 'ADMIN', 'VIEWER');

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "erpSystem" "ErpSystem" NOT NULL DEFAULT 'SAP',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Line" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkCenter" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ratePerHour" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "WorkCenter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Material" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "uom" TEXT NOT NULL,
    "unitCost" DECIMAL(18,4) NOT NULL DEFAULT 0,

    CONSTRAINT "Material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bom" (
    "id" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "alternative" TEXT NOT NULL DEFAULT '1',
    "baseQuantity" DOUBLE PRECISION NOT NULL DEFAULT 1,

    CONSTRAINT "Bom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BomItem" (
    "id" TEXT NOT NULL,
    "bomId" TEXT NOT NULL,
    "itemNo" TEXT NOT NULL,
    "componentId" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "uom" TEXT NOT NULL,

    CONSTRAINT "BomItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BomItemAlternate" (
    "id" TEXT NOT NULL,
    "bomItemId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "ratio" DOUBLE PRECISION NOT NULL DEFAULT 1,

    CONSTRAINT "BomItemAlternate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductionOrder" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "erpOrderId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "uom" TEXT NOT NULL,
    "workCenterId" TEXT,
    "requiredSkill" TEXT,
    "dueDate" TIMESTAMP(3) NOT NULL,
    "scheduledStart" TIMESTAMP(3),
    "status" "OrderStatus" NOT NULL DEFAULT 'CREATED',
    "erpEtag" TEXT,
    "note" TEXT,
    "earliestStart" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductionOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledReceipt" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reference" TEXT,

    CONSTRAINT "ScheduledReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlantEvent" (
    "id" BIGSERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "siteId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlantEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkCenterState" (
    "workCenterId" TEXT NOT NULL,
    "state" "MachineStateKind" NOT NULL DEFAULT 'RUNNING',
    "reason" TEXT,
    "expectedUpAt" TIMESTAMP(3),
    "stateSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "availability" DOUBLE PRECISION,
    "performance" DOUBLE PRECISION,
    "quality" DOUBLE PRECISION,
    "stateTs" TIMESTAMP(3),
    "oeeTs" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkCenterState_pkey" PRIMARY KEY ("workCenterId")
);

-- CreateTable
CREATE TABLE "StockLevel" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "uom" TEXT NOT NULL,
    "batch" TEXT NOT NULL DEFAULT '',
    "eventTs" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StockLevel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperatorShift" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "workCenterId" TEXT NOT NULL,
    "status" "ShiftStatus" NOT NULL,
    "skills" TEXT[],
    "fromTs" TIMESTAMP(3),
    "toTs" TIMESTAMP(3),
    "eventTs" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OperatorShift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "lineId" TEXT,
    "workCenterId" TEXT,
    "orderId" TEXT,
    "status" "RecommendationStatus" NOT NULL DEFAULT 'PENDING',
    "verdict" TEXT NOT NULL,
    "recommendedAction" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "findings" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "proposedAction" JSONB NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "impactAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "earliestStart" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "userId" TEXT,
    "actorName" TEXT NOT NULL,
    "comment" TEXT,
    "signatureMeaning" TEXT NOT NULL,
    "recommendationVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErpPosting" (
    "id" TEXT NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "system" "ErpSystem" NOT NULL,
    "operation" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "response" JSONB,
    "messages" JSONB,
    "erpDocument" TEXT,
    "state" "PostingState" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "postedAt" TIMESTAMP(3),

    CONSTRAINT "ErpPosting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "mode" "AutonomyMode" NOT NULL DEFAULT 'SUPERVISED',
    "autoThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.9,
    "atRiskThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.6,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "siteId" TEXT,
    "data" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserScope" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "lineId" TEXT,

    CONSTRAINT "UserScope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'GATEWAY',
    "gateway" TEXT,
    "siteIds" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "trainedAt" TIMESTAMP(3) NOT NULL,
    "promotedAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Line_siteId_code_key" ON "Line"("siteId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "WorkCenter_siteId_code_key" ON "WorkCenter"("siteId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Material_siteId_code_key" ON "Material"("siteId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Bom_materialId_alternative_key" ON "Bom"("materialId", "alternative");

-- CreateIndex
CREATE UNIQUE INDEX "BomItem_bomId_itemNo_key" ON "BomItem"("bomId", "itemNo");

-- CreateIndex
CREATE UNIQUE INDEX "BomItemAlternate_bomItemId_materialId_key" ON "BomItemAlternate"("bomItemId", "materialId");

-- CreateIndex
CREATE INDEX "ProductionOrder_workCenterId_status_idx" ON "ProductionOrder"("workCenterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ProductionOrder_siteId_erpOrderId_key" ON "ProductionOrder"("siteId", "erpOrderId");

-- CreateIndex
CREATE INDEX "ScheduledReceipt_materialId_dueAt_idx" ON "ScheduledReceipt"("materialId", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "PlantEvent_sourceId_key" ON "PlantEvent"("sourceId");

-- CreateIndex
CREATE INDEX "PlantEvent_siteId_type_ts_idx" ON "PlantEvent"("siteId", "type", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "StockLevel_siteId_materialId_location_batch_key" ON "StockLevel"("siteId", "materialId", "location", "batch");

-- CreateIndex
CREATE INDEX "OperatorShift_workCenterId_status_idx" ON "OperatorShift"("workCenterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OperatorShift_siteId_operator_key" ON "OperatorShift"("siteId", "operator");

-- CreateIndex
CREATE INDEX "Recommendation_status_impactAt_idx" ON "Recommendation"("status", "impactAt");

-- CreateIndex
CREATE INDEX "Recommendation_siteId_type_status_idx" ON "Recommendation"("siteId", "type", "status");

-- CreateIndex
CREATE INDEX "Recommendation_orderId_idx" ON "Recommendation"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_recommendationId_recommendationVersion_key" ON "Decision"("recommendationId", "recommendationVersion");

-- CreateIndex
CREATE UNIQUE INDEX "ErpPosting_decisionId_key" ON "ErpPosting"("decisionId");

-- CreateIndex
CREATE UNIQUE INDEX "ErpPosting_idempotencyKey_key" ON "ErpPosting"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ErpPosting_state_idx" ON "ErpPosting"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_type_siteId_key" ON "Policy"("type", "siteId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "UserScope_userId_siteId_lineId_key" ON "UserScope"("userId", "siteId", "lineId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_engine_version_key" ON "ModelVersion"("engine", "version");

-- AddForeignKey
ALTER TABLE "Line" ADD CONSTRAINT "Line_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkCenter" ADD CONSTRAINT "WorkCenter_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkCenter" ADD CONSTRAINT "WorkCenter_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "Line"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Material" ADD CONSTRAINT "Material_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bom" ADD CONSTRAINT "Bom_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BomItem" ADD CONSTRAINT "BomItem_bomId_fkey" FOREIGN KEY ("bomId") REFERENCES "Bom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BomItem" ADD CONSTRAINT "BomItem_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BomItemAlternate" ADD CONSTRAINT "BomItemAlternate_bomItemId_fkey" FOREIGN KEY ("bomItemId") REFERENCES "BomItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BomItemAlternate" ADD CONSTRAINT "BomItemAlternate_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductionOrder" ADD CONSTRAINT "ProductionOrder_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductionOrder" ADD CONSTRAINT "ProductionOrder_workCenterId_fkey" FOREIGN KEY ("workCenterId") REFERENCES "WorkCenter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledReceipt" ADD CONSTRAINT "ScheduledReceipt_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkCenterState" ADD CONSTRAINT "WorkCenterState_workCenterId_fkey" FOREIGN KEY ("workCenterId") REFERENCES "WorkCenter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockLevel" ADD CONSTRAINT "StockLevel_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OperatorShift" ADD CONSTRAINT "OperatorShift_workCenterId_fkey" FOREIGN KEY ("workCenterId") REFERENCES "WorkCenter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ProductionOrder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ErpPosting" ADD CONSTRAINT "ErpPosting_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserScope" ADD CONSTRAINT "UserScope_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
