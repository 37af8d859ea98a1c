// The header's sign-in state and credits, read from /me after the page loads (pages stay the same bytes for everyone).

interface Me {
  user_id: number | null;
  credits: number;
}

/** Whether the visitor is signed in (false when the header cannot tell). */
export async function showAccount(root: ParentNode): Promise<boolean> {
  const signedOut = root.querySelector<HTMLElement>("[data-signed-out]");
  const signedIn = root.querySelector<HTMLElement>("[data-account-link]");
  if (!signedOut || !signedIn) return false;
  let me: Me;
  try {
    const response = await fetch("/me", { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return false;
    me = (await response.json()) as Me;
  } catch {
    return false; // Offline or blocked: the header keeps its signed-out look.
  }
  if (!me.user_id) return false;
  signedIn.querySelector("[data-credits]")!.textContent = `${me.credits} credit${me.credits === 1 ? "" : "s"}`;
  signedOut.hidden = true;
  signedIn.hidden = false;
  return true;
}
