// Alpine component `account`: the header's sign-in state and credits, read from /me after the page loads.
import Alpine from "@alpinejs/csp";

interface Me {
  user_id: number | null;
  credits: number;
}

Alpine.data("account", () => ({
  me: null as Me | null,
  get signedIn(): boolean {
    return Boolean(this.me?.user_id);
  },
  get signedOut(): boolean {
    return !this.signedIn;
  },
  get creditsLabel(): string {
    const credits = this.me?.credits ?? 0;
    return `${credits} credit${credits === 1 ? "" : "s"}`;
  },
  async init() {
    try {
      const response = await fetch("/me", { headers: { accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) this.me = (await response.json()) as Me;
    } catch {
      // Offline or blocked: the header keeps its signed-out look.
    }
  },
}));
