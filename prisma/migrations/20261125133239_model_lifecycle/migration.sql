-- AlterEnum
ALTER TYPE "ModelStatus" ADD VALUE 'SHADOW';

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "edit" JSONB,
ADD COLUMN     "reasonCode" TEXT;

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "previousActiveVersion" INTEGER,
ADD COLUMN     "shadowSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ModelPromotion" (
    "id" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'PROMOTE',
    "fromVersion" INTEGER,
    "toVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "evidence" JSONB,
    "requestedById" TEXT NOT NULL,
    "requestedByName" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionComment" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ModelPromotion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPrediction" (
    "id" TEXT NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "verdict" TEXT NOT NULL,
    "recommendedAction" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelledExample" (
    "id" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "decisionType" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "lineId" TEXT,
    "workCenterId" TEXT,
    "recommendationId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "decisionId" TEXT,
    "modelVersion" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "aiVerdict" TEXT NOT NULL,
    "aiAction" TEXT NOT NULL,
    "aiScore" DOUBLE PRECISION NOT NULL,
    "aiConfidence" DOUBLE PRECISION NOT NULL,
    "outcome" TEXT NOT NULL,
    "humanAction" TEXT NOT NULL,
    "label" INTEGER NOT NULL,
    "agreed" BOOLEAN NOT NULL,
    "reasonCode" TEXT,
    "edit" JSONB,
    "costValue" DOUBLE PRECISION,
    "costMinutes" DOUBLE PRECISION,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "decidedById" TEXT,
    "decidedByName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelledExample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelPromotion_engine_status_idx" ON "ModelPromotion"("engine", "status");

-- CreateIndex
CREATE INDEX "ModelPrediction_engine_modelVersion_createdAt_idx" ON "ModelPrediction"("engine", "modelVersion", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPrediction_recommendationId_modelVersion_key" ON "ModelPrediction"("recommendationId", "modelVersion");

-- CreateIndex
CREATE UNIQUE INDEX "LabelledExample_decisionId_key" ON "LabelledExample"("decisionId");

-- CreateIndex
CREATE INDEX "LabelledExample_engine_decidedAt_idx" ON "LabelledExample"("engine", "decidedAt");

-- CreateIndex
CREATE INDEX "LabelledExample_decisionType_siteId_decidedAt_idx" ON "LabelledExample"("decisionType", "siteId", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LabelledExample_recommendationId_source_key" ON "LabelledExample"("recommendationId", "source");

-- CreateIndex
CREATE INDEX "Recommendation_updatedAt_idx" ON "Recommendation"("updatedAt");

-- CreateIndex
CREATE INDEX "ErpPosting_updatedAt_idx" ON "ErpPosting"("updatedAt");

-- AddForeignKey
ALTER TABLE "ModelPrediction" ADD CONSTRAINT "ModelPrediction_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
