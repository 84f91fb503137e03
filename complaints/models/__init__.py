from .complaint import Complaint, ComplaintLine, RootCause, SupplierClaim

__all__ = ["Complaint", "ComplaintLine", "RootCause", "SupplierClaim"]
