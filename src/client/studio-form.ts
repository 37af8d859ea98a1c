// Alpine component `applyStyleForm`: uploads the chosen photo at once, then applies a style to it.
import Alpine from "@alpinejs/csp";

Alpine.data("applyStyleForm", () => ({
  uploadId: "",
  preview: "",
  busy: false,
  error: "",
  /** Uploads the chosen photo at once, so applying only names it. */
  async choose(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.uploadId = "";
    this.error = "";
    if (!file) return;
    this.busy = true;
    try {
      const body = new FormData();
      body.append("file", file);
      const response = await fetch("/upload", { method: "POST", body, headers: { accept: "application/json" } });
      const answer = (await response.json()) as { upload_id?: string; error?: string };
      if (!response.ok || !answer.upload_id) throw new Error(answer.error ?? "The upload failed.");
      this.uploadId = answer.upload_id;
      this.preview = `/uploads/${answer.upload_id}`;
    } catch (error) {
      this.error = error instanceof Error ? error.message : "The upload failed.";
    } finally {
      this.busy = false;
    }
  },
  submit(event: Event) {
    if (!this.uploadId) {
      event.preventDefault();
      this.error = this.busy ? "Still uploading…" : "Choose a photo first.";
    }
  },
}));
