-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('CANDIDATE', 'ACTIVE', 'RETIRED');

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "algorithm" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "cardFile" TEXT,
ADD COLUMN     "dataSource" TEXT,
ADD COLUMN     "featureImportance" JSONB,
ADD COLUMN     "heldOutFrom" TIMESTAMP(3),
ADD COLUMN     "heldOutRows" INTEGER,
ADD COLUMN     "heldOutTo" TIMESTAMP(3),
ADD COLUMN     "hyperparameters" JSONB,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'binary',
ADD COLUMN     "promotedById" TEXT,
ADD COLUMN     "promotedByName" TEXT,
ADD COLUMN     "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "retiredAt" TIMESTAMP(3),
ADD COLUMN     "seed" INTEGER,
ADD COLUMN     "status" "ModelStatus" NOT NULL DEFAULT 'CANDIDATE',
ADD COLUMN     "trainMetrics" JSONB,
ADD COLUMN     "trainingFrom" TIMESTAMP(3),
ADD COLUMN     "trainingProfile" JSONB,
ADD COLUMN     "trainingRows" INTEGER,
ADD COLUMN     "trainingTo" TIMESTAMP(3);

-- Carry the old flag over before dropping it (added by hand to the generated diff).
UPDATE "ModelVersion" SET "status" = 'ACTIVE' WHERE "active";
ALTER TABLE "ModelVersion" DROP COLUMN "active";

-- CreateIndex
CREATE INDEX "ModelVersion_engine_status_idx" ON "ModelVersion"("engine", "status");

-- At most one ACTIVE version per engine, enforced by the database so that two
-- concurrent promotions cannot both win (added by hand: Prisma cannot express a partial index).
CREATE UNIQUE INDEX "ModelVersion_one_active_per_engine" ON "ModelVersion"("engine") WHERE "status" = 'ACTIVE';
