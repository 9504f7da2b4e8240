-- CreateTable
CREATE TABLE "PolicyChange" (
    "id" TEXT NOT NULL,
    "policyType" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "basedOnVersion" INTEGER NOT NULL,
    "fromMode" "AutonomyMode" NOT NULL,
    "toMode" "AutonomyMode" NOT NULL,
    "fromAutoThreshold" DOUBLE PRECISION NOT NULL,
    "toAutoThreshold" DOUBLE PRECISION NOT NULL,
    "fromAtRiskThreshold" DOUBLE PRECISION NOT NULL,
    "toAtRiskThreshold" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "gate" JSONB,
    "requestedById" TEXT NOT NULL,
    "requestedByName" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionComment" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "PolicyChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyChange_policyType_siteId_status_idx" ON "PolicyChange"("policyType", "siteId", "status");
