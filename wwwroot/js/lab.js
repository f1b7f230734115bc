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
    }
};
