import { redirect } from "next/navigation";
import { getRequestSession } from "@/server/auth/require-session";

export default async function Home() {
  redirect((await getRequestSession()) ? "/automations" : "/login");
}
