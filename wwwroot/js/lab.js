// Small helpers the pages call through JS interop.
window.labLab = {
    // The value of a cookie, or null. The lab page reads its control key from `lab-key-{id}` this way.
    readCookie(name) {
        const prefix = name + "=";
        for (const part of document.cookie.split(";")) {
            const cookie = part.trim();
            if (cookie.startsWith(prefix)) {
                return decodeURIComponent(cookie.substring(prefix.length));
            }
        }
        return null;
    },

    // Stores a lab's new control key after a rotation, as the control link would (same name, path and lifetime).
    writeCookie(name, value) {
        const secure = location.protocol === "https:" ? "; Secure" : "";
        document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Strict${secure}`;
    },

    // Copies text; the Clipboard API needs a secure context (https or localhost), so a classroom server on plain
    // http falls back to the older selection copy.
    async copyText(text) {
        try {
            if (navigator.clipboard && window.isSecureContext) {
                await navigator.clipboard.writeText(text);
                return true;
            }
        } catch { /* fall through */ }
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        let copied = false;
        try { copied = document.execCommand("copy"); } catch { copied = false; }
        area.remove();
        return copied;
    }
};
