import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function SpokeNotFound() {
  return (
    <Card className="flex flex-col items-center gap-3 px-6 py-16 text-center">
      <h1 className="text-xl font-semibold">Spoke not found</h1>
      <p className="max-w-md text-sm text-muted">There is no spoke with this id among the spokes you can see.</p>
      <Link href="/" className={buttonClass("secondary")}>
        Back to your spokes
      </Link>
    </Card>
  );
}
