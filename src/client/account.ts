// The header's sign-in state and credits, read from /me after the page loads (pages stay the same bytes for everyone).

export interface Me {
  user_id: number | null;
  credits: number;
  library_access: boolean;
}

/** Shows the header's signed-in state; answers who is signed in (null when no one is or /me cannot be read). */
export async function showAccount(root: ParentNode): Promise<Me | null> {
  const signedOut = root.querySelector<HTMLElement>("[data-signed-out]");
  const signedIn = root.querySelector<HTMLElement>("[data-account-link]");
  if (!signedOut || !signedIn) return null;
  let me: Me;
  try {
    const response = await fetch("/me", { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return null;
    me = (await response.json()) as Me;
  } catch {
    return null; // Offline or blocked: the header keeps its signed-out look.
  }
  if (!me.user_id) return null;
  signedIn.querySelector("[data-credits]")!.textContent = `${me.credits} credit${me.credits === 1 ? "" : "s"}`;
  signedOut.hidden = true;
  signedIn.hidden = false;
  return me;
}
