/**
 * The one `<audio>` element that plays the softphone's far end. It lives as long as the page and
 * this object keeps a reference to it: an element only the garbage collector knew about stopped
 * playing mid-call (MEDIA.md 1.2, gotcha 7). When the browser refuses to start audio before the
 * agent has clicked anything, `onLocked(true)` is called and the first click or key starts it.
 */
export class RemoteAudio {
  private readonly element: HTMLAudioElement;

  constructor(private readonly onLocked: (locked: boolean) => void) {
    this.element = document.createElement("audio");
    this.element.autoplay = true;
    this.element.hidden = true;
    this.element.dataset.softphone = "far-end";
    document.body.append(this.element);
  }

  play(stream: MediaStream): void {
    if (this.element.srcObject !== stream) this.element.srcObject = stream;
    this.start();
  }

  stop(): void {
    this.element.srcObject = null;
  }

  dispose(): void {
    this.stop();
    this.forgetUnlock();
    this.element.remove();
  }

  private start(): void {
    this.element.play().then(
      () => this.onLocked(false),
      () => {
        // Autoplay policy: wait for the agent's next gesture.
        this.onLocked(true);
        document.addEventListener("pointerdown", this.unlock, { once: true, capture: true });
        document.addEventListener("keydown", this.unlock, { once: true, capture: true });
      },
    );
  }

  private readonly unlock = (): void => {
    this.forgetUnlock();
    if (this.element.srcObject !== null) this.start();
  };

  private forgetUnlock(): void {
    document.removeEventListener("pointerdown", this.unlock, { capture: true });
    document.removeEventListener("keydown", this.unlock, { capture: true });
  }
}
