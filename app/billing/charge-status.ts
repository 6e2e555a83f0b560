// A charge's status in the merchant's words, for the billing page, its CSV and the job page.
export function chargeStatusLabel(status: string): string {
  switch (status) {
    case "free":
      return "Free";
    case "recorded":
      return "Charged";
    case "pending":
      return "Waiting to be charged";
    case "refused":
      return "Not charged";
    default:
      return status;
  }
}
