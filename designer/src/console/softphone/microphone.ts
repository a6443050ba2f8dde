/** Voice processing on: agents sit in rooms, with headsets or laptop speakers. */
const CONSTRAINTS: MediaStreamConstraints = { audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false };

/**
 * Opens the agent's microphone. Rejects with getUserMedia's DOMException (NotAllowedError,
 * NotFoundError, NotReadableError…), or a TypeError where the page cannot ask (no secure context).
 */
export async function openMicrophone(): Promise<MediaStream> {
  if (!("mediaDevices" in navigator) || typeof navigator.mediaDevices.getUserMedia !== "function") throw new TypeError("this page cannot use a microphone (not a secure context)");
  return navigator.mediaDevices.getUserMedia(CONSTRAINTS);
}

/**
 * Calls `retry` when the microphone may work again: the site's permission became `granted`, or a
 * device was plugged in. Returns how to stop listening.
 */
export function watchMicrophoneRecovery(retry: () => void): () => void {
  let stopped = false;
  let permission: PermissionStatus | undefined;
  const onPermission = () => {
    if (permission?.state === "granted") retry();
  };
  const onDevices = () => retry();
  if ("mediaDevices" in navigator) navigator.mediaDevices.addEventListener("devicechange", onDevices);
  navigator.permissions
    ?.query({ name: "microphone" })
    .then((status) => {
      if (stopped) return;
      permission = status;
      status.addEventListener("change", onPermission);
    })
    .catch(() => undefined); // Firefox and Safari may not know "microphone" here: the Try again button still works.
  return () => {
    stopped = true;
    permission?.removeEventListener("change", onPermission);
    if ("mediaDevices" in navigator) navigator.mediaDevices.removeEventListener("devicechange", onDevices);
  };
}
