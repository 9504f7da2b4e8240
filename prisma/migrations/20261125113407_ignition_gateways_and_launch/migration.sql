-- CreateTable
CREATE TABLE "Gateway" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "siteIds" TEXT[],
    "signingSecret" TEXT,
    "previousSigningSecret" TEXT,
    "previousSecretUntil" TIMESTAMP(3),
    "launchAlgorithms" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "launchSecret" TEXT,
    "launchPublicKey" TEXT,
    "roleMapping" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Gateway_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeenBatchSignature" (
    "gatewayId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeenBatchSignature_pkey" PRIMARY KEY ("gatewayId","signature")
);

-- CreateTable
CREATE TABLE "UsedLaunchToken" (
    "gatewayId" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsedLaunchToken_pkey" PRIMARY KEY ("gatewayId","jti")
);

-- CreateTable
CREATE TABLE "ExternalIdentity" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "managed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SeenBatchSignature_expiresAt_idx" ON "SeenBatchSignature"("expiresAt");

-- CreateIndex
CREATE INDEX "UsedLaunchToken_expiresAt_idx" ON "UsedLaunchToken"("expiresAt");

-- CreateIndex
CREATE INDEX "ExternalIdentity_userId_idx" ON "ExternalIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalIdentity_source_subject_key" ON "ExternalIdentity"("source", "subject");
