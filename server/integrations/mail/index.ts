export { createMailer, type MailerOptions, type MailRecord } from "./mailer";
