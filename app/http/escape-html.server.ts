// Text put into the HTML documents the app writes itself (the health report, the records of
// processing): every character that could open markup or end an attribute becomes an entity.
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
