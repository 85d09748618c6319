// New waiting conversations: a browser notification (only once the agent allowed it) and a short sound.

export function canAskForNotifications() {
  return typeof Notification !== "undefined" && Notification.permission === "default";
}

export async function askForNotifications() {
  if (typeof Notification === "undefined") return "denied";
  return Notification.requestPermission();
}

let audio: AudioContext | undefined;

/** Two short tones made in the browser: no sound file to serve, nothing fetched. */
export function chime() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.08, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.1);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.11);
    }
  } catch {
    // a browser that blocks audio before any click: the notification alone has to do
  }
}

export function notifyWaiting(title: string, body: string, onClick: () => void) {
  chime();
  if (typeof Notification === "undefined" || Notification.permission !== "granted" || document.hasFocus()) return;
  const n = new Notification(title, { body, tag: "kefu-waiting" });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}
