-- CreateTable
CREATE TABLE "WriteBackCursor" (
    "name" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "lastKey" TEXT NOT NULL,
    "recent" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WriteBackCursor_pkey" PRIMARY KEY ("name")
);
